package answer

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ q, want string }{
		{"How much money is earmarked for the Pact?", "en"},
		{"Combien d'argent est prévu pour le pacte sur la migration ?", "fr"},
		{"Wie viel Geld ist für den Migrationspakt vorgesehen?", "de"},
		{"¿Cuánto dinero se destina al Pacto de migración?", "es"},
		{"Quanto denaro è destinato al patto sulla migrazione?", "it"},
		{"Tunisia", "en"},
		{"", "en"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, DetectLanguage(tc.q), tc.q)
	}
}
