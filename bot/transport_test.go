package bot

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRewriteTransport(t *testing.T) {
	tests := []struct {
		name, base, want string
	}{
		{"host only", "", "/api/v9/gateway"},
		{"path prefix", "/proxy/", "/proxy/api/v9/gateway"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r.URL.Path + "?" + r.URL.RawQuery + " " + r.Header.Get("Authorization")
			}))
			defer srv.Close()
			rt, err := NewRewriteTransport(srv.URL+tt.base, nil)
			require.NoError(t, err)
			req, err := http.NewRequest(http.MethodGet, "https://discord.com/api/v9/gateway?v=9", nil)
			require.NoError(t, err)
			req.Header.Set("Authorization", "Bot x")
			resp, err := (&http.Client{Transport: rt}).Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tt.want+"?v=9 Bot x", got)
			assert.Equal(t, "discord.com", req.URL.Host, "the caller's request is not modified")
		})
	}
}

func TestNewRewriteTransportRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"discord.com", "ftp://x", "http://", "::"} {
		_, err := NewRewriteTransport(u, nil)
		assert.Error(t, err, u)
	}
}
