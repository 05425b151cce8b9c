// Command oracle-alertmanager answers questions with Alertmanager's own packages, so the
// TypeScript tests compare our matchers, routes and config loading with the real thing.
// It reads one JSON request per line on stdin and writes one JSON answer per line on stdout.
package main

import (
	"bufio"
	"encoding/json"
	"os"
	"sort"

	"github.com/prometheus/common/model"
	"github.com/prometheus/common/promslog"
	"go.yaml.in/yaml/v2"

	"github.com/prometheus/alertmanager/config"
	"github.com/prometheus/alertmanager/dispatch"
	"github.com/prometheus/alertmanager/featurecontrol"
	"github.com/prometheus/alertmanager/matcher/compat"
	"github.com/prometheus/alertmanager/matcher/parse"
	"github.com/prometheus/alertmanager/pkg/labels"
)

type request struct {
	Values []string            `json:"values"`
	Op     string              `json:"op"`
	Mode   string              `json:"mode"`
	Input  string              `json:"input"`
	Config string              `json:"config"`
	Path   string              `json:"path"`
	Alerts []map[string]string `json:"alerts"`
}

type matcher struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value string `json:"value"`
}

type route struct {
	Receiver       string            `json:"receiver"`
	GroupBy        []string          `json:"groupBy"`
	GroupByAll     bool              `json:"groupByAll"`
	GroupWait      int64             `json:"groupWaitMs"`
	GroupInterval  int64             `json:"groupIntervalMs"`
	RepeatInterval int64             `json:"repeatIntervalMs"`
	Mute           []string          `json:"muteTimeIntervals"`
	Active         []string          `json:"activeTimeIntervals"`
	Labels         map[string]string `json:"labels"`
	Continue       bool              `json:"continue"`
	Idx            int               `json:"idx"`
	Key            string            `json:"key"`
}

type answer struct {
	Error    *string   `json:"error"`
	Matchers []matcher `json:"matchers,omitempty"`
	Texts    []string  `json:"texts,omitempty"`
	Routes   [][]route `json:"routes,omitempty"`
}

func main() {
	// As the alertmanager binary does with no --enable-feature: the fallback parser, UTF-8 names.
	compat.InitFromFlags(promslog.NewNopLogger(), featurecontrol.NoopFlags{})
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			fail(out, err)
			continue
		}
		switch req.Op {
		case "parse":
			doParse(out, req)
		case "routes":
			doRoutes(out, req)
		case "inhibit":
			doInhibit(out, in.Bytes())
		case "silence":
			doSilence(out, in.Bytes())
		case "match":
			doMatch(out, req)
		case "tree":
			doTree(out, req)
		case "load":
			_, err := config.LoadFile(req.Path)
			if err != nil {
				fail(out, err)
			} else {
				_ = out.Encode(answer{})
			}
		default:
			fail(out, os.ErrInvalid)
		}
	}
}

func fail(out *json.Encoder, err error) {
	s := err.Error()
	_ = out.Encode(answer{Error: &s})
}

func doParse(out *json.Encoder, req request) {
	var ms labels.Matchers
	var err error
	switch req.Mode {
	case "utf8":
		ms, err = parse.Matchers(req.Input)
	case "classic":
		ms, err = labels.ParseMatchers(req.Input)
	default:
		ms, err = compat.FallbackMatchersParser(promslog.NewNopLogger())(req.Input, "oracle")
	}
	if err != nil {
		fail(out, err)
		return
	}
	res := []matcher{}
	texts := []string{}
	for _, m := range ms {
		res = append(res, matcher{Name: m.Name, Type: m.Type.String(), Value: m.Value})
		texts = append(texts, m.String())
	}
	_ = out.Encode(answer{Matchers: res, Texts: texts})
}

func doRoutes(out *json.Encoder, req request) {
	cfg, err := config.Load(req.Config)
	if err != nil {
		fail(out, err)
		return
	}
	matchAll(out, dispatch.NewRoute(cfg.Route, nil), req.Alerts)
}

// doTree reads a bare routing tree, as dispatch/route_test.go does, without the config checks.
func doTree(out *json.Encoder, req request) {
	var ctree config.Route
	if err := yaml.UnmarshalStrict([]byte(req.Config), &ctree); err != nil {
		fail(out, err)
		return
	}
	matchAll(out, dispatch.NewRoute(&ctree, nil), req.Alerts)
}

func matchAll(out *json.Encoder, tree *dispatch.Route, alerts []map[string]string) {
	res := [][]route{}
	for _, a := range alerts {
		lset := model.LabelSet{}
		for k, v := range a {
			lset[model.LabelName(k)] = model.LabelValue(v)
		}
		got := []route{}
		for _, r := range tree.Match(lset) {
			got = append(got, describe(r))
		}
		res = append(res, got)
	}
	_ = out.Encode(answer{Routes: res})
}

func describe(r *dispatch.Route) route {
	o := r.RouteOpts
	gb := []string{}
	for l := range o.GroupBy {
		gb = append(gb, string(l))
	}
	sort.Strings(gb)
	lbl := map[string]string{}
	for k, v := range o.Labels {
		lbl[string(k)] = string(v)
	}
	mute, active := o.MuteTimeIntervals, o.ActiveTimeIntervals
	if mute == nil {
		mute = []string{}
	}
	if active == nil {
		active = []string{}
	}
	return route{
		Receiver: o.Receiver, GroupBy: gb, GroupByAll: o.GroupByAll,
		GroupWait: o.GroupWait.Milliseconds(), GroupInterval: o.GroupInterval.Milliseconds(),
		RepeatInterval: o.RepeatInterval.Milliseconds(), Mute: mute, Active: active,
		Labels: lbl, Continue: r.Continue, Idx: r.Idx, Key: r.Key(),
	}
}

// doMatch says, for each value, whether Alertmanager's matcher (parsed from input) accepts it.
func doMatch(out *json.Encoder, req request) {
	m, err := labels.NewMatcher(labels.MatchRegexp, "x", req.Input)
	if err != nil {
		fail(out, err)
		return
	}
	res := []bool{}
	for _, v := range req.Values {
		res = append(res, m.Matches(v))
	}
	_ = out.Encode(struct {
		Error   *string `json:"error"`
		Matches []bool  `json:"matches"`
	}{nil, res})
}
