package main

import (
	"context"
	"encoding/json"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/prometheus/alertmanager/silence"
	pb "github.com/prometheus/alertmanager/silence/silencepb"
)

type silenceRequest struct {
	Silence struct {
		Matchers []matcher `json:"matchers"`
		StartsAt int64     `json:"startsAt"`
		EndsAt   int64     `json:"endsAt"`
	} `json:"silence"`
}

var pbTypes = map[string]pb.Matcher_Type{
	"=": pb.Matcher_EQUAL, "!=": pb.Matcher_NOT_EQUAL, "=~": pb.Matcher_REGEXP, "!~": pb.Matcher_NOT_REGEXP,
}

// doSilence stores the silence in Alertmanager's silence store and reports whether it was accepted.
func doSilence(out *json.Encoder, line []byte) {
	var req silenceRequest
	if err := json.Unmarshal(line, &req); err != nil {
		fail(out, err)
		return
	}
	store, err := silence.New(silence.Options{Retention: time.Hour, Metrics: prometheus.NewRegistry()})
	if err != nil {
		fail(out, err)
		return
	}
	sil := &pb.Silence{CreatedBy: "oracle", Comment: "oracle"}
	for _, m := range req.Silence.Matchers {
		sil.Matchers = append(sil.Matchers, &pb.Matcher{Name: m.Name, Pattern: m.Value, Type: pbTypes[m.Type]})
	}
	if req.Silence.StartsAt != 0 {
		sil.StartsAt = timestamppb.New(time.UnixMilli(req.Silence.StartsAt))
	}
	if req.Silence.EndsAt != 0 {
		sil.EndsAt = timestamppb.New(time.UnixMilli(req.Silence.EndsAt))
	}
	if err := store.Set(context.Background(), sil); err != nil {
		fail(out, err)
		return
	}
	_ = out.Encode(answer{})
}
