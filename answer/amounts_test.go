package answer

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"pactbot/index"
)

func TestAsksAmountIn(t *testing.T) {
	tests := []struct {
		q               string
		amount, country bool
	}{
		{"How much money do asylum seekers in Germany get?", true, true},
		{"combien d'argent reçoit un réfugié en Belgique ?", true, true},
		{"Wie viel Geld bekommt man als Asylbewerber in Österreich?", true, true},
		{"Wieviel Taschengeld gibt es?", true, false},
		{"Quanti soldi danno ai richiedenti asilo in Italia?", true, true},
		{"¿Cuánto dinero recibe un solicitante de asilo en España?", true, true},
		{"Ile pieniędzy dostaje uchodźca w Polsce?", true, true},
		{"Колко пари получава бежанец в България?", true, true},
		{"پناهجو در آلمان چقدر پول می‌گیرد؟", true, true},
		{"كم من المال يحصل عليه طالب اللجوء في ألمانيا؟", true, true},
		{"كم راتب اللاجئ بألمانيا", true, true},
		{"how much money is earmarked for the Pact", true, false},
		{"combien de temps dure la procédure à la frontière ?", false, false},
		{"can I work in Germany while I wait?", false, true},
		{"what money does the EU give to Greece for border management", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			amount, country := asksAmountIn(words(tc.q))
			assert.Equal(t, tc.amount, amount, "asks an amount")
			assert.Equal(t, tc.country, country, "names a country")
		})
	}
}

func TestNationalAmountRefusedInEveryLanguage(t *testing.T) {
	tests := []struct {
		name, q, text string
		want          bool
	}{
		{"French, a country", "combien d'argent touche un réfugié par mois en Belgique ?", framework, false},
		{"Farsi, a country", "پناهجو در آلمان چقدر پول می‌گیرد؟", framework, false},
		{"German, no amount in the passages", "Wie viel Geld bekommt ein Asylbewerber?", "Applicants receive material reception conditions.", false},
		{"French, an amount the passages state", "combien d'argent est prévu pour le pacte ?", framework, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &fakeRetriever{res: index.Result{Coverage: 0.75, Retrieval: index.Retrieval{BestSimilarity: 0.86},
				Hits: []index.Hit{hit(1, 4.2, "framework", tc.text, "")}}}
			a, err := NewEngine(r, Options{}).Ask(context.Background(), tc.q, AskOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Grounded)
		})
	}
}
