// Command oracle-promql reads one JSON-encoded PromQL expression per line on
// stdin and prints one JSON line per expression: {"ok":true} or
// {"ok":false,"error":"..."}, using Prometheus' own promql/parser. The tests
// of @golden-signals/promql compare their verdicts with this program's.
package main

import (
	"bufio"
	"encoding/json"
	"os"

	"github.com/prometheus/prometheus/promql/parser"
)

type verdict struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<28)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	p := parser.NewParser(parser.Options{})
	for in.Scan() {
		var expr string
		if err := json.Unmarshal(in.Bytes(), &expr); err != nil {
			_ = enc.Encode(verdict{Error: "oracle: bad input line: " + err.Error()})
			continue
		}
		v := verdict{OK: true}
		if _, err := p.ParseExpr(expr); err != nil {
			v = verdict{Error: err.Error()}
		}
		_ = enc.Encode(v)
	}
}
