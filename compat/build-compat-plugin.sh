#!/bin/sh
# Rebuilds compat/compat-plugin-0.1.0.jar from compat/compat-plugin/src against compat/hub-api-0.1.0.jar (and
# Vert.x from the local Maven repository). Run only when the baseline changes (docs/adr/0005-hub-api-compatibility.md):
# the jar is committed as built, so that later hubs are tested against a plugin compiled against the old API.
set -e
cd "$(dirname "$0")"
REPO="${MAVEN_REPO:-$HOME/.m2/repository}"
VERTX="$REPO/io/vertx/vertx-core/5.0.10/vertx-core-5.0.10.jar"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/classes/META-INF/services"
javac --release 17 -proc:none -cp "hub-api-0.1.0.jar:$VERTX" -d "$WORK/classes" $(find compat-plugin/src -name '*.java')
echo compat.plugin.CompatPlugin > "$WORK/classes/META-INF/services/dev.eventhub.api.spi.SourcePlugin"
printf 'Implementation-Version: 0.1.0\n' > "$WORK/manifest.txt"
jar --create --file compat-plugin-0.1.0.jar --manifest "$WORK/manifest.txt" -C "$WORK/classes" .
echo "built compat/compat-plugin-0.1.0.jar"
