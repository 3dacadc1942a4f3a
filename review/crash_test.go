package review

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// crashHelperEnv makes the test binary act as a bot process that records
// answers, reports their ids and then waits to be killed (see TestMain).
const crashHelperEnv = "REVIEW_CRASH_HELPER_DB"

// TestMain runs the crash child instead of the tests when the parent test
// started this binary as one.
func TestMain(m *testing.M) {
	if path := os.Getenv(crashHelperEnv); path != "" {
		crashChild(path)
	}
	os.Exit(m.Run())
}

// crashChild records answers, reports them, and never closes the store.
func crashChild(path string) {
	s, err := Open(path)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	for i := 0; i < 3; i++ {
		r := sampleRecord()
		r.Status = StatusPending
		id, err := s.RecordAnswer(context.Background(), r)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("recorded", id)
	}
	fmt.Println("ready")
	time.Sleep(time.Minute) // killed long before; never closes the store
	os.Exit(2)
}

// TestKillLosesNothing kills (SIGKILL) a process right after RecordAnswer
// returned and checks that every answer it reported is in the file.
func TestKillLosesNothing(t *testing.T) {
	_, path := openTest(t)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), crashHelperEnv+"="+path)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())

	var ids []int64
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		require.False(t, strings.HasPrefix(line, "error"), line)
		if id, ok := strings.CutPrefix(line, "recorded "); ok {
			n, err := strconv.ParseInt(id, 10, 64)
			require.NoError(t, err)
			ids = append(ids, n)
		}
		if line == "ready" {
			break
		}
	}
	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	require.Len(t, ids, 3)

	s, err := Open(path)
	require.NoError(t, err)
	defer s.Close()
	pending, err := s.List(context.Background(), Filter{Status: StatusPending})
	require.NoError(t, err)
	var got []int64
	for _, r := range pending {
		got = append(got, r.ID)
	}
	assert.ElementsMatch(t, ids, got)
}

// TestConcurrentRecords is the burst of fifty /ask at once: every answer is
// recorded, none waits on another for long.
func TestConcurrentRecords(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	const n = 50
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := sampleRecord()
			r.UserHash = fmt.Sprintf("user-%d", i)
			_, errs[i] = s.RecordAnswer(ctx, r)
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, err := range errs {
		require.NoError(t, err)
	}
	all, err := s.List(ctx, Filter{Limit: -1})
	require.NoError(t, err)
	assert.Len(t, all, n)
	t.Logf("%d concurrent RecordAnswer calls took %s", n, elapsed)
	assert.Less(t, elapsed, 10*time.Second)
}
