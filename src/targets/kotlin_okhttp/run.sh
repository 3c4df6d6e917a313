#!/usr/bin/env bash
# Runner of kotlin-okhttp samples for the test harness: `bash run.sh needs|compile|send` in a
# directory holding `sample.kt` (a whole program: imports and `fun main`, run as it is).
#
# Debian 12 has kotlinc 1.3.31 and OkHttp 3.13.1, whose Java API has none of OkHttp 4's Kotlin
# extensions the sample uses. The sample is not edited: it compiles next to the files of
# `okhttp4-shim/` (beside this script), which declare those names over OkHttp 3.13 in the
# packages the sample's imports name (`okhttp3.MediaType.Companion` and
# `okhttp3.RequestBody.Companion`) and `Response.body` as an extension property. The shim
# is compiled once per test process into APIGLOT_SCRATCH (under flock); each sample is then
# compiled with `-Werror` (a warning fails the run) and run on the JVM trusting only the test
# CA (APIGLOT_JAVA_TRUSTSTORE): certificate checks stay on.
set -euo pipefail

mode="${1:-send}"
lib=/usr/share/kotlin/kotlinc/lib
okhttp=/usr/share/java/okhttp.jar
okio=/usr/share/java/okio.jar

if [ "$mode" = needs ]; then
  missing=0
  command -v java >/dev/null || { echo "java: apt-get install openjdk-17-jdk-headless"; missing=1; }
  [ -f "$lib/kotlin-compiler.jar" ] && [ -f "$lib/kotlin-stdlib.jar" ] \
    || { echo "kotlinc: apt-get install kotlin"; missing=1; }
  [ -f "$okhttp" ] || { echo "OkHttp 3.13 ($okhttp): apt-get install libokhttp-java"; missing=1; }
  [ -f "$okio" ] || { echo "Okio ($okio): apt-get install libokio-java"; missing=1; }
  exit "$missing"
fi

# The compiler is started as kotlinc's launcher starts it, less its JVM option `-noverify`
# (JDK 13+ warns about it on every run), on C1 alone with the serial collector (a short-lived
# JVM: half the CPU time), and from a class data archive of the compiler's classes written by
# the first compile of the test process (2 s less a compile on this machine).
shim="$APIGLOT_SCRATCH/kotlin-okhttp-shim"
archive="$APIGLOT_SCRATCH/kotlin-okhttp-kotlinc.jsa"
# `kotlinc ARCHIVE_OPTION COMPILER_ARGS...`
kotlinc() {
  local archive_option="$1"
  shift
  java -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable "$archive_option" \
    -cp "$lib/kotlin-compiler.jar:$lib/trove4j.jar:$lib/annotations-13.0.jar" \
    org.jetbrains.kotlin.cli.jvm.K2JVMCompiler -kotlin-home "${lib%/lib}" -Werror "$@"
}
(
  flock 9
  if [ ! -f "$shim/.built" ]; then
    rm -rf "$shim" "$archive"
    kotlinc -XX:ArchiveClassesAtExit="$archive" -cp "$okhttp:$okio" -d "$shim" "$APIGLOT_TARGET_DIR"/okhttp4-shim/*.kt
    touch "$shim/.built"
  fi
) 9>"$APIGLOT_SCRATCH/kotlin-okhttp-shim.lock"

kotlinc -XX:SharedArchiveFile="$archive" -cp "$shim:$okhttp:$okio" -d classes sample.kt
[ "$mode" = compile ] && exit 0

exec java -cp "classes:$shim:$okhttp:$okio:$lib/kotlin-stdlib.jar" \
  -Djavax.net.ssl.trustStore="$APIGLOT_JAVA_TRUSTSTORE" -Djavax.net.ssl.trustStorePassword=apiglot \
  SampleKt
