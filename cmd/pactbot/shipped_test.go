package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShippedActsAnswerWithNoConfig: the embedded corpus carries the law,
// so a question the factsheet cannot answer is answered from an act.
func TestShippedActsAnswerWithNoConfig(t *testing.T) {
	c := newCLI(t)
	out, errOut, code := c.run("ask", "can I work while my asylum application is examined?")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "Sources:")
	assert.Contains(t, out, "Reception Conditions Directive › ")
	assert.Contains(t, out, "https://eur-lex.europa.eu/eli/dir/2024/1346/oj")

	out, errOut, code = c.run("ask", "How much money is earmarked for the Pact?")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "€2 billion")
	assert.Contains(t, out, "[1] Taking stock of EU migration and asylum achievements › A new legislative framework on migration and asylum",
		"the funding figure still comes from the factsheet")
}
