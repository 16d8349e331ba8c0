# PostgreSQL for the tests that run the store and the API on it too; included by the main Makefile.
#
# make postgresql  install Debian's PostgreSQL server and PostGIS when initdb or PostGIS is missing. The
#                  tests start a throwaway cluster of their own (tests/postgres.py) and remove it after.

PG_AS_ROOT := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: postgresql

postgresql:
	@{ command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } && ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || { $(PG_AS_ROOT) apt-get update && $(PG_AS_ROOT) env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql postgis; }
