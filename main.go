// Command reportbot answers questions about a report, citing the passages it
// used. See README.md, or run `reportbot help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"reportbot/redact"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Environ, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		// Every error is made without secrets; scrubbing URL passwords
		// here too costs nothing.
		fmt.Fprintln(os.Stderr, "reportbot:", redact.URLs(err.Error()))
		var usage *usageError
		if errors.As(err, &usage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}
