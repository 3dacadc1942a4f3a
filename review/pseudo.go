package review

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SecretFile is the name, inside the data dir, of the generated user secret.
const SecretFile = "user-secret"

// minSecretLen is the shortest secret accepted from the environment; a short
// one would let anyone who has the database recover user ids by brute force.
const minSecretLen = 16

// userHashLen is the length of a pseudonymous id in hex digits (128 bits).
const userHashLen = 32

// Pseudonymizer turns Discord user ids into stable pseudonymous ids with a
// keyed hash, so the record can tell users apart without holding their ids.
type Pseudonymizer struct {
	secret []byte
}

// NewPseudonymizer returns a Pseudonymizer keyed with secret (see
// LoadSecret). The same secret always gives the same ids; a different
// secret gives unrelated ones.
func NewPseudonymizer(secret []byte) *Pseudonymizer {
	return &Pseudonymizer{secret: append([]byte(nil), secret...)}
}

// UserID returns the pseudonymous id of a Discord user id: the first 128
// bits of HMAC-SHA256(secret, id), in hex.
func (p *Pseudonymizer) UserID(discordID string) string {
	m := hmac.New(sha256.New, p.secret)
	m.Write([]byte(discordID))
	return hex.EncodeToString(m.Sum(nil))[:userHashLen]
}

// LoadSecret returns the secret for the Pseudonymizer. When fromEnv (the
// value of PACTBOT_USER_SECRET) is set it is used as is. Otherwise the
// secret kept in dataDir/user-secret is read, and created with 32 random
// bytes (mode 0600) the first time. The secret never appears in an error.
func LoadSecret(dataDir string, fromEnv string) ([]byte, error) {
	if fromEnv != "" {
		if len(fromEnv) < minSecretLen {
			return nil, fmt.Errorf("review: user secret from the environment is shorter than %d characters", minSecretLen)
		}
		return []byte(fromEnv), nil
	}
	path := filepath.Join(dataDir, SecretFile)
	secret, err := readSecret(path)
	if err == nil {
		return secret, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("review: create user secret: %w", err)
	}
	secret = make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("review: create user secret: %w", err)
	}
	if err := writeSecret(path, secret); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// Another process created it between our read and write.
			return readSecret(path)
		}
		return nil, err
	}
	return secret, nil
}

func readSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("review: read user secret %s: %w", path, err)
	}
	secret, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(secret) < minSecretLen {
		return nil, fmt.Errorf("review: read user secret %s: not a hex secret of at least %d bytes", path, minSecretLen)
	}
	return secret, nil
}

// writeSecret creates path exclusively and syncs it, so the secret is not
// lost (which would orphan every stored user id) if the machine crashes.
func writeSecret(path string, secret []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("review: create user secret %s: %w", path, err)
	}
	_, err = f.WriteString(hex.EncodeToString(secret) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("review: write user secret %s: %w", path, err)
	}
	return nil
}
