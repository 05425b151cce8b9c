// Package ui stands in for Alertmanager's web UI package (github.com/prometheus/alertmanager/ui)
// in our test build, through `go build -overlay` (see ../../build.sh): the module ships the UI's
// sources but not its built assets (ui/app/dist, made by npm in Alertmanager's release), so that
// package cannot compile from the module. The HTTP API, which the tests use, is unchanged.
package ui

import (
	"net/http"

	"github.com/prometheus/common/route"
)

// Register answers the UI's root with a note instead of the web interface.
func Register(r *route.Router) {
	r.Get("/", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "Alertmanager web UI not included in this build; the API is at /api/v2", http.StatusNotFound)
	})
}
