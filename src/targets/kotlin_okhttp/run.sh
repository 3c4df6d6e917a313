# Runner of the kotlin-okhttp target: the sample is a whole program (imports and `fun main`),
# compiled and run as it is.
#
# Debian 12 has kotlinc 1.3.31 and OkHttp 3.13.1, whose Java API has none of the Kotlin
# extensions of OkHttp 4 that the sample uses. The sample is not edited: it compiles next to
# runner/okhttp4-shim/, which declares those names over OkHttp 3.13 in the packages the
# sample's imports name (`okhttp3.MediaType.Companion`, `okhttp3.RequestBody.Companion`) and
# `Response.body` as an extension property, each calling the OkHttp 3 method OkHttp 4
# replaced. The shim is compiled once per test process; each sample with `-Werror`, so that
# a warning fails the run. Java trusts the store the javax.net.ssl properties name.
source "$(dirname "$0")/../runner.sh"
lib=/usr/share/kotlin/kotlinc/lib
okhttp=/usr/share/java/okhttp.jar
okio=/usr/share/java/okio.jar
shim="${APIGLOT_SCRATCH:-}/kotlin-okhttp-shim"
archive="${APIGLOT_SCRATCH:-}/kotlin-okhttp-kotlinc.jsa"

needs() {
  need_command java "apt-get install openjdk-17-jdk-headless"
  need_file "$lib/kotlin-compiler.jar" "apt-get install kotlin"
  need_file "$okhttp" "apt-get install libokhttp-java"
  need_file "$okio" "apt-get install libokio-java"
}

# `kotlinc JVM_OPTION COMPILER_ARGS...`: the compiler started as kotlinc's launcher starts it,
# less its JVM option `-noverify` (JDK 13+ warns about it on every run), on C1 alone with the
# serial collector (a short-lived JVM: half the CPU time), with JVM_OPTION for the archive of
# the compiler's classes that the shim's compile writes and every sample's reads (a second
# less a compile).
kotlinc() {
  local jvm_option=$1
  shift
  java -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable "$jvm_option" \
    -cp "$lib/kotlin-compiler.jar:$lib/trove4j.jar:$lib/annotations-13.0.jar" \
    org.jetbrains.kotlin.cli.jvm.K2JVMCompiler -kotlin-home "${lib%/lib}" -Werror "$@"
}

compile_shim() {
  rm -rf "$shim" "$archive"
  kotlinc -XX:ArchiveClassesAtExit="$archive" -cp "$okhttp:$okio" -d "$shim" \
    "$APIGLOT_TARGET_DIR"/runner/okhttp4-shim/*.kt
}

compile() {
  once kotlin-okhttp-shim compile_shim
  kotlinc -XX:SharedArchiveFile="$archive" -cp "$shim:$okhttp:$okio" -d classes sample.kt
}

send() {
  exec java -cp "classes:$shim:$okhttp:$okio:$lib/kotlin-stdlib.jar" \
    "-Djavax.net.ssl.trustStore=$APIGLOT_JAVA_TRUSTSTORE" -Djavax.net.ssl.trustStorePassword=apiglot \
    SampleKt
}
dispatch
