package review

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func TestExportGolden(t *testing.T) {
	s, _ := seedStore(t)
	for _, format := range []string{FormatJSONL, FormatCSV} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, s.Export(context.Background(), &buf, format, time.Time{}))
			golden(t, "export."+format+".golden", buf.Bytes())
		})
	}
}

func TestExportSinceAndCSVShape(t *testing.T) {
	s, _ := seedStore(t)
	var buf bytes.Buffer
	since := time.Date(2026, 3, 1, 9, 3, 0, 0, time.UTC)
	require.NoError(t, s.Export(context.Background(), &buf, FormatCSV, since))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, 4, "header + answers 4, 5, 6")
	for _, row := range rows {
		assert.Len(t, row, len(csvHeader()))
	}
	assert.Equal(t, "4", rows[1][0])
	assert.Equal(t, `'=HYPERLINK("http://evil") what is Eurodac?`, rows[1][8], "formula defused")
}

func TestExportUnknownFormat(t *testing.T) {
	s, _ := openTest(t)
	assert.Error(t, s.Export(context.Background(), &bytes.Buffer{}, "xml", time.Time{}))
}
