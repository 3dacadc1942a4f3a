package bot

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHasWords(t *testing.T) {
	for q, want := range map[string]bool{
		"🙂🇪🇺🤔":                       false,
		"???":                        false,
		"\u200b\u200d":               false,
		"… !!! --":                   false,
		"asylum?":                    true,
		"پناهندگی؟":                  true,
		"2024?":                      true,
		"🙂 can I work while I wait?": true,
	} {
		assert.Equal(t, want, hasWords(q), "%q", q)
	}
}
