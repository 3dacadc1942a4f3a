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
		// The old function-word guesser called these English.
		{"Πόσα χρήματα προβλέπονται για το Σύμφωνο;", "el"},
		{"Колко пари са предвидени за пакта за миграцията?", "bg"},
		{"Hur mycket pengar är avsatta för migrationspakten?", "sv"},
		{"Paljonko rahaa maahanmuuttosopimukseen on varattu?", "fi"},
		{"چه مقدار پول برای پیمان مهاجرت در نظر گرفته شده است؟", "fa"},
		{"كم من المال خصص لميثاق الهجرة؟", "ar"},
		{"Скільки грошей передбачено на пакт про міграцію?", "uk"},
		// Too little to go on: the default.
		{"Tunisia", "en"},
		{"Schengen?", "en"},
		{"", "en"},
		// A script the lang package names but has no language for.
		{"Ինչպես դիմել ապաստանի համար", "en"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, DetectLanguage(tc.q), tc.q)
	}
}
