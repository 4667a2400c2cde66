// Package reports holds the report reportbot answers questions about when no
// other report is configured. The files are embedded in the binary so that a
// fresh clone, or the binary alone, works with nothing else on disk.
//
// It deliberately knows nothing about parsing: the rag/ingest package reads
// the files from FS like any other directory.
package reports

import "embed"

// FS holds the bundled report files (*.txt), copied byte for byte from the
// project's shared report collection.
//
//go:embed *.txt
var FS embed.FS
