package review

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPseudonymizer(t *testing.T) {
	a := NewPseudonymizer([]byte("secret-one-0123456789"))
	a2 := NewPseudonymizer([]byte("secret-one-0123456789"))
	b := NewPseudonymizer([]byte("secret-two-0123456789"))
	const id = "80351110224678912"

	got := a.UserID(id)
	assert.Len(t, got, userHashLen)
	_, err := hex.DecodeString(got)
	assert.NoError(t, err)
	assert.Equal(t, got, a.UserID(id), "stable")
	assert.Equal(t, got, a2.UserID(id), "same secret, same id")
	assert.NotEqual(t, got, b.UserID(id), "secret-dependent")
	assert.NotEqual(t, got, a.UserID("80351110224678913"), "user-dependent")
	assert.NotContains(t, got, id)
}

func TestPseudonymizerCopiesSecret(t *testing.T) {
	secret := []byte("secret-one-0123456789")
	p := NewPseudonymizer(secret)
	before := p.UserID("1")
	secret[0] = 'X'
	assert.Equal(t, before, p.UserID("1"))
}

func TestLoadSecretFromEnv(t *testing.T) {
	dir := t.TempDir()
	got, err := LoadSecret(dir, "an-env-secret-long-enough")
	require.NoError(t, err)
	assert.Equal(t, []byte("an-env-secret-long-enough"), got)
	assert.NoFileExists(t, filepath.Join(dir, SecretFile))

	_, err = LoadSecret(dir, "abc123xyz")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "abc123xyz", "the secret never appears in an error")
}

func TestLoadSecretGeneratesOnceAndReuses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	first, err := LoadSecret(dir, "")
	require.NoError(t, err)
	assert.Len(t, first, 32)

	info, err := os.Stat(filepath.Join(dir, SecretFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	second, err := LoadSecret(dir, "")
	require.NoError(t, err)
	assert.Equal(t, first, second)

	other, err := LoadSecret(t.TempDir(), "")
	require.NoError(t, err)
	assert.NotEqual(t, first, other, "random per data dir")
}

func TestLoadSecretRejectsCorruptFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, SecretFile), []byte("not hex at all"), 0o600))
	_, err := LoadSecret(dir, "")
	require.Error(t, err)
	assert.False(t, strings.Contains(err.Error(), "not hex at all"))
}
