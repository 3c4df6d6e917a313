# Runner of the java target on Debian's Unirest 1.4.8 (libunirest-java-java): the sample's
# statements in the smallest class a user writes around them (a `main`, the imports, and
# `Unirest.shutdown()`), run by the JDK's source launcher. Java trusts the store the
# javax.net.ssl properties name.
source "$(dirname "$0")/../runner.sh"
jars=(unirest-java httpclient httpcore httpasyncclient httpcore-nio httpmime com.android.json commons-logging)
classpath=$(printf '/usr/share/java/%s.jar:' "${jars[@]}")
needs() {
  need_command java "apt-get install openjdk-17-jdk-headless"
  for jar in "${jars[@]}"; do need_file "/usr/share/java/$jar.jar" "apt-get install libunirest-java-java"; done
}
compile() {
  {
    printf 'import com.mashape.unirest.http.HttpResponse;\nimport com.mashape.unirest.http.Unirest;\n\n'
    printf 'public class Sample {\n  public static void main(String[] args) throws Exception {\n'
    cat sample.java
    printf '\n    Unirest.shutdown();\n  }\n}\n'
  } >Sample.java
}
send() {
  exec java -cp "$classpath" "-Djavax.net.ssl.trustStore=$APIGLOT_JAVA_TRUSTSTORE" \
    -Djavax.net.ssl.trustStorePassword=apiglot Sample.java
}
dispatch
