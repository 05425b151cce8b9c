// Command oracle-template renders alert templates with Prometheus' own template
// package, so the TypeScript implementation can be compared with the real thing.
// It reads a JSON array of cases on stdin and writes a JSON array of results.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql"
	"github.com/prometheus/prometheus/template"
)

type querySample struct {
	Labels map[string]string `json:"labels"`
	Value  string            `json:"value"`
}

type testCase struct {
	Name           string                   `json:"name"`
	Text           string                   `json:"text"`
	Labels         map[string]string        `json:"labels"`
	ExternalLabels map[string]string        `json:"externalLabels"`
	ExternalURL    string                   `json:"externalURL"`
	Value          string                   `json:"value"`
	NowMs          int64                    `json:"nowMs"`
	Queries        map[string][]querySample `json:"queries"`
}

type result struct {
	Output string `json:"output"`
	Error  string `json:"error,omitempty"`
}

// Same header as rules/alerting.go prepends to every label and annotation.
const header = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

func parseFloat(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

func render(c testCase) result {
	u, err := url.Parse(c.ExternalURL)
	if err != nil {
		return result{Error: err.Error()}
	}
	if c.Labels == nil {
		c.Labels = map[string]string{}
	}
	if c.ExternalLabels == nil {
		c.ExternalLabels = map[string]string{}
	}
	smpl := promql.Sample{F: parseFloat(c.Value)}
	data := template.AlertTemplateData(c.Labels, c.ExternalLabels, c.ExternalURL, smpl)
	queryFn := func(_ context.Context, q string, _ time.Time) (promql.Vector, error) {
		samples, ok := c.Queries[q]
		if !ok {
			// "*" answers any query the case does not list.
			samples, ok = c.Queries["*"]
		}
		if !ok {
			return nil, fmt.Errorf("no such query in the test case: %s", q)
		}
		vec := promql.Vector{}
		for _, s := range samples {
			vec = append(vec, promql.Sample{Metric: labels.FromMap(s.Labels), F: parseFloat(s.Value)})
		}
		return vec, nil
	}
	exp := template.NewTemplateExpander(context.Background(), header+c.Text, "__alert_"+c.Name,
		data, model.Time(c.NowMs), queryFn, u, nil)
	out, err := exp.Expand()
	if err != nil {
		return result{Error: err.Error()}
	}
	return result{Output: out}
}

func main() {
	var cases []testCase
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {
		fmt.Fprintln(os.Stderr, "oracle-template: bad input:", err)
		os.Exit(2)
	}
	out := make([]result, len(cases))
	for i, c := range cases {
		out[i] = render(c)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "oracle-template:", err)
		os.Exit(1)
	}
}
