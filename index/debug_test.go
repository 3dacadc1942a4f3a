package index

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/stretchr/testify/require"
)

var debugQ = flag.String("q", "", "query to explain")

func TestDebugExplain(t *testing.T) {
	if *debugQ == "" {
		t.Skip()
	}
	ix := openPact(t)
	concepts := ix.vocab.concepts(*debugQ)
	fmt.Printf("concepts: %+v\n", concepts)
	fuzz, _ := ix.fuzziness(context.Background(), concepts)
	fmt.Printf("fuzz: %v\n", fuzz)
	req := bleve.NewSearchRequestOptions(ix.buildQuery(concepts, fuzz), 5, 0, true)
	req.Fields = []string{fieldPath}
	sr, err := ix.idx.Search(req)
	require.NoError(t, err)
	for _, h := range sr.Hits {
		fmt.Println(h.ID, h.Score, h.Fields[fieldPath])
		b, _ := json.Marshal(h.Expl)
		fmt.Println(string(b)[:min(3000, len(b))])
	}
}
