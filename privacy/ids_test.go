package privacy

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNationalIDChecksums(t *testing.T) {
	tests := []struct {
		name  string
		valid func(string) bool
		in    string
		want  bool
	}{
		{"Steuer-ID", validSteuerID, "86095742719", true},
		{"Steuer-ID wrong check", validSteuerID, "86095742718", false},
		{"Steuer-ID no repeated digit", validSteuerID, "12345678903", false},
		{"Steuer-ID leading zero", validSteuerID, "06095742719", false},
		{"BSN", validBSN, "111222333", true},
		{"BSN 2", validBSN, "123456782", true},
		{"BSN wrong", validBSN, "123456789", false},
		{"BSN zero", validBSN, "000000000", false},
		{"HETU", validHETU, "131052-308T", true},
		{"HETU wrong check", validHETU, "131052-308U", false},
		{"HETU bad date", validHETU, "133052-308T", false},
		{"personnummer", validPersonnummer, "811218-9876", true},
		{"personnummer long", validPersonnummer, "19811218-9876", true},
		{"personnummer wrong Luhn, no date", validPersonnummer, "811299-9875", false},
		{"CPR", validPersonnummer, "070761-4285", true},
		{"CPR bad date", validPersonnummer, "320761-4285", false},
		{"Belgian NN", validBelgianNN, "93051822361", true},
		{"Belgian NN wrong", validBelgianNN, "93051822362", false},
		{"CNP", validCNP, "1800101221144", true},
		{"CNP wrong", validCNP, "1800101221145", false},
		{"codice fiscale", validCodiceFiscale, "RSSMRA85T10A562S", true},
		{"codice fiscale wrong letter", validCodiceFiscale, "RSSMRA85T10A562T", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.valid(tt.in))
		})
	}
}
