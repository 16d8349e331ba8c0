# Web app assets and the browser used by the browser tests; included by the main Makefile.
#
# make web-assets  npm ci + copy Leaflet, markercluster, topojson-client, world-atlas and Swagger UI into
#                  src/sitrep/web/static/vendor/ (git-ignored); skipped while up to date
# make chromium    install Debian's Chromium for tests/test_web_browser.py when it is missing

WEB_VENDOR := src/sitrep/web/static/vendor
WEB_STAMP := $(WEB_VENDOR)/.built
# apt-get needs root; elsewhere go through sudo
WEB_AS_ROOT := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: web-assets chromium

web-assets: $(WEB_STAMP)

$(WEB_STAMP): web/package.json web/package-lock.json web/build.mjs
	cd web && npm ci --ignore-scripts --no-audit --no-fund
	cd web && node build.mjs
	touch $@

chromium:
	@test -x /usr/bin/chromium || { $(WEB_AS_ROOT) apt-get update && $(WEB_AS_ROOT) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
