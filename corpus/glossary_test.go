package corpus

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultGlossary(t *testing.T) {
	g, err := DefaultGlossary()
	require.NoError(t, err)
	require.NotEmpty(t, g)
	for i, r := range g {
		assert.NotEmpty(t, r.Synonyms, "rule %d", i+1)
	}
	// The shipped file must keep bridging at least these citizens' words
	// (issue 2), whatever else it is tuned to contain.
	inputs := map[string]bool{}
	for _, r := range g {
		for _, in := range r.Input {
			inputs[in] = true
		}
	}
	for _, w := range []string{"deportation", "people smugglers", "money"} {
		assert.True(t, inputs[w], "glossary has no rule for %q", w)
	}
}

func TestParseGlossary(t *testing.T) {
	g, err := ParseGlossary("g.yaml", []byte(`# comment
- input: [deportation, "  sent   back "]
  synonyms: [return]
- synonyms: [MFF, multiannual financial framework]
- input: [utvisad]
  synonyms: [återvändande]
  languages: sv
- input: [asyl]
  synonyms: [schutz]
  languages: [de, da, de]
`))
	require.NoError(t, err)
	assert.Equal(t, Glossary{
		{Input: []string{"deportation", "sent back"}, Synonyms: []string{"return"}},
		{Synonyms: []string{"MFF", "multiannual financial framework"}},
		{Input: []string{"utvisad"}, Synonyms: []string{"återvändande"}, Languages: []string{"sv"}},
		{Input: []string{"asyl"}, Synonyms: []string{"schutz"}, Languages: []string{"de", "da"}},
	}, g)

	g, err = ParseGlossary("g.yaml", []byte("# only comments\n"))
	require.NoError(t, err)
	assert.Empty(t, g)
}

func TestParseGlossaryErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int
		msg  string
	}{
		{"unknown key", "- input: [a]\n  synonyms: [b]\n- synonym: [c, d]\n", 3, `rule 2: unknown key "synonym"`},
		{"empty synonyms", "- input: [a]\n  synonyms: []\n", 2, "rule 1: synonyms: empty"},
		{"missing synonyms", "- input: [a]\n", 1, "rule 1: synonyms: empty"},
		{"one-term equivalence", "- synonyms: [alone]\n", 1, "needs two terms or more"},
		{"empty term", "- input: [a, \"\"]\n  synonyms: [b]\n", 1, "rule 1: input: want a non-empty term"},
		{"null term", "- input: [a]\n  synonyms:\n    - b\n    -\n", 4, "synonyms: want a non-empty term"},
		{"nested list term", "- input: [a]\n  synonyms: [[b]]\n", 2, "want a non-empty term"},
		{"scalar instead of list", "- input: a\n  synonyms: [b]\n", 1, "input: want a list of terms"},
		{"key twice", "- synonyms: [a, b]\n  synonyms: [c, d]\n", 2, `key "synonyms" given twice`},
		{"not a list", "input: [a]\nsynonyms: [b]\n", 1, "want a list of rules"},
		{"rule not a mapping", "- [a, b]\n", 1, "want a mapping"},
		{"bad language", "- synonyms: [a, b]\n  languages: [sv, Swedish]\n", 2, `languages: want ISO 639-1 codes such as en or sv, got "Swedish"`},
		{"empty languages", "- synonyms: [a, b]\n  languages: []\n", 2, "languages: empty"},
		{"null language", "- synonyms: [a, b]\n  languages:\n", 2, "languages: want ISO 639-1"},
		{"yaml syntax", "- input: [a]\n  synonyms: [b\n", 2, "did not find expected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseGlossary("my-glossary.yaml", []byte(tt.in))
			var de *DocError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, "my-glossary.yaml", de.File)
			assert.Equal(t, tt.line, de.Line, err.Error())
			assert.ErrorIs(t, err, ErrGlossary)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestLoadGlossaryFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "extra.yaml")
	require.NoError(t, os.WriteFile(p, []byte("- input: [kids]\n  synonyms: [minors]\n"), 0o644))
	g, err := LoadGlossaryFile(p)
	require.NoError(t, err)
	assert.Equal(t, Glossary{{Input: []string{"kids"}, Synonyms: []string{"minors"}}}, g)

	require.NoError(t, os.WriteFile(p, []byte("- input: [kids]\n  synonym: [minors]\n"), 0o644))
	_, err = LoadGlossaryFile(p)
	assert.ErrorContains(t, err, p+":2: glossary: rule 1: unknown key")

	_, err = LoadGlossaryFile(filepath.Join(t.TempDir(), "missing.yaml"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestDefaultGlossaryMultilingual checks that the rules for citizens' words
// in other EU languages are loaded with the English ones, stay one-way, and
// keep clear of words that are (or stem like) common English words.
func TestDefaultGlossaryMultilingual(t *testing.T) {
	var ml Glossary
	for _, name := range []string{"glossary-multilingual.yaml", "glossary-multilingual-2.yaml"} {
		data, err := shipped.ReadFile("glossary/" + name)
		require.NoError(t, err)
		rules, err := ParseGlossary(name, data)
		require.NoError(t, err)
		require.NotEmpty(t, rules, name)
		ml = append(ml, rules...)
	}

	g, err := DefaultGlossary()
	require.NoError(t, err)
	inputs := map[string]bool{}
	for _, r := range g {
		for _, in := range r.Input {
			inputs[in] = true
		}
	}
	for _, r := range ml {
		assert.NotEmpty(t, r.Input, "multilingual rules are one-way: %v", r.Synonyms)
	}
	for _, w := range []string{
		"asylantrag", "flüchtling", "demande d'asile", "demande d’asile", "demandeur d'asile",
		"richiesta di asilo", "richiedente asilo", "solicitud de asilo", "solicitante de asilo",
		"pedido de asilo", "requerente de asilo", "asielaanvraag", "asielzoeker",
		"wniosek o azyl", "uchodźca",
		"پناهندگی", "پناهجو", "اقامت\u200cنامه", "اقامت نامه", "اللجوء", "طالب لجوء", "لاجئ",
		"убежище", "бежанец", "притулок", "біженець", "беженец", "άσυλο", "ασυλο", "πρόσφυγας",
	} {
		assert.True(t, inputs[w], "glossary has no rule for %q", w)
	}
	for _, w := range []string{
		"die", "man", "son", "come", "also", "pour", "per", "or", "kind", "land",
		"pays", "pais", "pai", "pass", "arts", "sad", "mari", "mere", "allocation",
		"allocations", "retention", "termin", "termine", "partner", "interview",
	} {
		for _, r := range ml {
			assert.NotContains(t, r.Input, w, "%q collides with an English word", w)
		}
	}
}
