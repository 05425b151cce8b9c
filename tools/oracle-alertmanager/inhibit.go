package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/common/promslog"
	"go.yaml.in/yaml/v2"

	"github.com/prometheus/alertmanager/alert"
	amcommoncfg "github.com/prometheus/alertmanager/config/common"
	"github.com/prometheus/alertmanager/eventrecorder"
	"github.com/prometheus/alertmanager/inhibit"
	"github.com/prometheus/alertmanager/labelset"
	"github.com/prometheus/alertmanager/provider"
)

// staticAlerts hands the inhibitor a fixed set of alerts, then nothing more.
type staticAlerts struct{ alerts []*alert.Alert }

func (s *staticAlerts) Subscribe(string) provider.AlertIterator {
	return provider.NewAlertIterator(make(chan *provider.Alert), make(chan struct{}), nil)
}

func (s *staticAlerts) SlurpAndSubscribe(name string) ([]*alert.Alert, provider.AlertIterator) {
	return s.alerts, s.Subscribe(name)
}
func (s *staticAlerts) GetPending() provider.AlertIterator          { return nil }
func (s *staticAlerts) Get(model.Fingerprint) (*alert.Alert, error) { return nil, nil }
func (s *staticAlerts) Put(context.Context, ...*alert.Alert) error  { return nil }

type inhibitAlert struct {
	Labels map[string]string `json:"labels"`
	Firing bool              `json:"firing"`
}

type inhibitRequest struct {
	Config  string              `json:"config"`
	Sources []inhibitAlert      `json:"sources"`
	Targets []map[string]string `json:"targets"`
}

// doInhibit runs Alertmanager's Inhibitor over the alerts and says which targets it mutes.
func doInhibit(out *json.Encoder, line []byte) {
	var req inhibitRequest
	if err := json.Unmarshal(line, &req); err != nil {
		fail(out, err)
		return
	}
	var cfg struct {
		InhibitRules []amcommoncfg.InhibitRule `yaml:"inhibit_rules"`
	}
	if err := yaml.UnmarshalStrict([]byte(req.Config), &cfg); err != nil {
		fail(out, err)
		return
	}
	now := time.Now()
	alerts := []*alert.Alert{}
	for _, a := range req.Sources {
		end := now.Add(time.Hour)
		if !a.Firing {
			end = now.Add(-time.Second)
		}
		alerts = append(alerts, alert.New(model.Alert{Labels: toSet(a.Labels), StartsAt: now.Add(-time.Minute), EndsAt: end}, time.Time{}, false))
	}
	ih := inhibit.NewInhibitor(&staticAlerts{alerts}, cfg.InhibitRules, promslog.NewNopLogger(), eventrecorder.NopRecorder())
	go ih.Run()
	defer ih.Stop()
	ih.WaitForLoading()
	muted := []bool{}
	for _, t := range req.Targets {
		muted = append(muted, ih.Mutes(context.Background(), labelset.FromModel(toSet(t))))
	}
	_ = out.Encode(struct {
		Error *string `json:"error"`
		Muted []bool  `json:"muted"`
	}{nil, muted})
}

func toSet(m map[string]string) model.LabelSet {
	s := model.LabelSet{}
	for k, v := range m {
		s[model.LabelName(k)] = model.LabelValue(v)
	}
	return s
}
