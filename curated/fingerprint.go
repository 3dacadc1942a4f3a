package curated

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"

	"pactbot/answer"
	"pactbot/corpus"
	"pactbot/review"
)

// fingerprintVersion changes when what DocFingerprints hashes changes, so
// that every curated answer is re-checked rather than silently trusted.
const fingerprintVersion = "curated-docfp-1"

// DocFingerprints returns each document's fingerprint (document id → hex
// SHA-256). The corpus keeps no per-document bytes, so the fingerprint is
// taken over what a citation shows and stands on: the document's id,
// title, URL and date, and every section's path, anchor and text. A
// change to any of them changes it; a change in formatting that the
// readers discard does not.
func DocFingerprints(c *corpus.Corpus) map[string]string {
	out := make(map[string]string, len(c.Documents))
	for _, d := range c.Documents {
		out[d.ID] = docFingerprint(d)
	}
	return out
}

func docFingerprint(d corpus.Document) string {
	h := sha256.New()
	writeField(h, fingerprintVersion, d.ID, d.Title, d.URL, d.Date)
	for _, s := range d.Sections {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s.Path)))
		h.Write(n[:])
		writeField(h, s.Path...)
		writeField(h, s.Anchor, s.Text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeField writes each part length-prefixed, so that moving text between
// fields changes the hash.
func writeField(h hash.Hash, parts ...string) {
	for _, p := range parts {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
}

// CitedFingerprints returns the fingerprints (from all, as DocFingerprints
// gives them) of the documents that cites refer to, for recording with a
// curated answer, and the ids of cited documents that all does not know.
// It is review.CitedFingerprints, which the moderation workflow uses.
func CitedFingerprints(cites []answer.Citation, all map[string]string) (fps map[string]string, missing []string) {
	return review.CitedFingerprints(cites, all)
}
