package review_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"pactbot/review"
)

func ExampleMaskPII() {
	fmt.Println(review.MaskPII("I was born on 12.03.1990; my case number is 2023/12345. Does Regulation (EU) 2024/1351 apply?"))
	// Output: I was born on [date of birth]; my case number is [case number]. Does Regulation (EU) 2024/1351 apply?
}

// Example shows the moderation round trip the bot and the CLI share.
func Example() {
	dir, _ := os.MkdirTemp("", "review-example")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	store, err := review.Open(filepath.Join(dir, "pactbot.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	users := review.NewPseudonymizer([]byte("a secret of at least sixteen bytes"))
	id, _ := store.RecordAnswer(ctx, &review.Record{
		UserHash: users.UserID("803511102246789120"),
		Question: "How long can screening last?", Answer: "Up to seven days [1].",
		Mode: "extractive", Grounded: true, Status: review.StatusPending,
	})
	seq, _ := store.LatestSeq(ctx)

	fmt.Println(store.Approve(ctx, id, users.UserID("moderator-1")))
	err = store.Reject(ctx, id, users.UserID("moderator-2"), "too vague")
	var first *review.AlreadyDecidedError
	fmt.Println(errors.Is(err, review.ErrAlreadyDecided), errors.As(err, &first) && first.First.Status == review.StatusApproved)

	changes, _ := store.Changes(ctx, seq)
	for _, c := range changes {
		fmt.Println(c.Kind, c.Before, "→", c.After)
	}
	// Output:
	// <nil>
	// true true
	// approve pending → approved
}
