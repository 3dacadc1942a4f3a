package eval

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func boolPtr(b bool) *bool { return &b }

func TestReadFile(t *testing.T) {
	tests := []struct {
		file string
		want []Question
	}{
		{"good.yaml", []Question{
			{ID: "s1", Q: "how much money is earmarked for the pact", Doc: "taking-stock-2024-03",
				Section: "A new legislative framework on migration and asylum", Fact: "€2 billion"},
			{ID: "s2", Q: "kids in detention?", Doc: "rcd-32024L1346", Articles: []string{"13", "11"}},
			{ID: "off1", Q: "will it rain tomorrow", Covered: boolPtr(false)},
		}},
		{"good.jsonl", []Question{
			{ID: "d01", Q: "my mum is old and sick", Doc: "ammr-32024R1351", Articles: []string{"34"}, Fact: "old age"},
			{ID: "d02", Q: "best pizza in rome", Covered: boolPtr(false)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ReadFile(filepath.Join("testdata", "format", tt.file))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestReadFileErrors(t *testing.T) {
	tests := []struct {
		file string
		want string // the error must contain it: file, line and reason
	}{
		{"unknown-key.yaml", `unknown-key.yaml:4: unknown key "dco"`},
		{"missing-doc.jsonl", "missing-doc.jsonl:3: question c: missing doc"},
		{"bad-json.jsonl", "bad-json.jsonl:2: "},
		{"unknown-field.jsonl", `unknown-field.jsonl:1: json: unknown field "artciles"`},
		{"duplicate.jsonl", `duplicate.jsonl:2: duplicate id "a" (first on line 1)`},
		{"not-a-list.yaml", "not-a-list.yaml:1: want a list of questions"},
		{"offtopic-with-doc.yaml", "offtopic-with-doc.yaml:1: question a: covered: false with an expected source"},
		{"empty.yaml", "empty.yaml: no questions"},
		{"questions.csv", `unknown question file type ".csv"`},
		{"absent.yaml", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			_, err := ReadFile(filepath.Join("testdata", "format", tt.file))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// TestReadSharedDevFile reads the shared dev set when it is present, since
// its format is the one the reader must keep accepting.
func TestReadSharedDevFile(t *testing.T) {
	path := filepath.Join(sharedDir(t), "eval", "pact2024-dev.jsonl")
	qs, err := ReadFile(path)
	require.NoError(t, err)
	assert.Len(t, qs, 40)
	for _, q := range qs {
		assert.True(t, q.IsCovered(), q.ID)
		assert.NotEmpty(t, q.Articles, q.ID)
	}
}
