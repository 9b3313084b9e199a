#!/usr/bin/env bash
# Fetches Nextflow 24.10.0 and its runtime classpath from Maven Central (io.nextflow:nextflow)
# into bench/work/nextflow/, and writes bench/work/nextflow/nextflow: a launcher that runs it
# offline (NXF_OFFLINE=true). Nextflow's plugins are not on Central, so only the local executor
# is available, which is all the benchmark needs. Idempotent: does nothing when the launcher exists.
#
#   bash bench/engine/setup-nextflow.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NF_VERSION="${NF_VERSION:-24.10.0}"
DEST="$ROOT/bench/work/nextflow"
LAUNCHER="$DEST/nextflow"
if [[ -x "$LAUNCHER" ]]; then echo "nextflow launcher present: $LAUNCHER"; exit 0; fi
command -v mvn >/dev/null || { echo "mvn not found" >&2; exit 1; }
mkdir -p "$DEST/lib"
# A throwaway pom whose only job is to resolve the classpath; a local repository of its own so
# the project's ~/.m2 is left alone.
cat > "$DEST/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>nextflow-peer</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>io.nextflow</groupId><artifactId>nextflow</artifactId><version>$NF_VERSION</version></dependency>
  </dependencies>
</project>
EOF
mvn -q -B -f "$DEST/pom.xml" -Dmaven.repo.local="$DEST/m2" \
    dependency:copy-dependencies -DoutputDirectory="$DEST/lib" -DincludeScope=runtime
cat > "$LAUNCHER" <<'EOF'
#!/usr/bin/env bash
# Runs Nextflow from the jars next to this script, offline.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export NXF_OFFLINE=true NXF_DISABLE_CHECK_LATEST=true NXF_ANSI_LOG=false
export NXF_HOME="${NXF_HOME:-$HERE/home}"
OPENS=""
for p in java.base/java.lang java.base/java.io java.base/java.nio java.base/java.net \
         java.base/java.util java.base/java.util.concurrent java.base/java.util.concurrent.locks \
         java.base/java.util.regex java.base/java.lang.reflect java.base/java.lang.invoke \
         java.base/java.nio.file.spi java.base/sun.nio.ch java.base/sun.nio.fs java.base/sun.net.www.protocol.http \
         java.base/sun.net.www.protocol.https java.base/sun.net.www.protocol.ftp java.base/sun.net.www.protocol.file \
         java.base/jdk.internal.misc java.base/jdk.internal.vm java.base/java.util.concurrent.atomic \
         java.base/java.text java.base/java.time java.base/java.math java.base/java.security java.base/java.nio.channels \
         java.base/java.nio.charset java.base/sun.security.util java.base/sun.security.x509 java.base/java.util.function \
         java.base/java.util.stream java.base/java.net.spi java.base/java.util.jar java.base/java.util.zip \
         java.base/java.nio.file.attribute java.base/java.nio.file java.base/sun.nio.cs java.base/java.lang.ref ; do
  OPENS="$OPENS --add-opens=$p=ALL-UNNAMED"
done
exec java -Xms64m $OPENS -cp "$HERE/lib/*" nextflow.cli.Launcher "$@"
EOF
chmod +x "$LAUNCHER"
echo "nextflow launcher written: $LAUNCHER ($(ls "$DEST/lib" | wc -l) jars)"
