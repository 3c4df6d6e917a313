# Runner of the java-httpclient target (java.net.http, JDK 11+): the sample's statements in
# the smallest class a user writes around them, with the imports they use; compiled apart
# with every lint on, so that a warning fails the run. Java trusts the store the
# javax.net.ssl properties name.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command java "apt-get install openjdk-17-jdk-headless"
  need_command javac "apt-get install openjdk-17-jdk-headless"
}
compile() {
  {
    for class in java.net.URI java.net.URLEncoder java.net.http.HttpClient java.net.http.HttpRequest \
      java.net.http.HttpRequest.BodyPublishers java.net.http.HttpResponse java.net.http.HttpResponse.BodyHandlers \
      java.nio.charset.StandardCharsets java.nio.file.Files java.nio.file.Path java.util.ArrayList \
      java.util.Base64 java.util.List java.util.StringJoiner java.util.UUID; do
      printf 'import %s;\n' "$class"
    done
    printf '\npublic class Sample {\n  public static void main(String[] args) throws Exception {\n'
    cat sample.java
    printf '\n  }\n}\n'
  } >Sample.java
  javac -Xlint:all -Werror -d . Sample.java
}
send() {
  exec java -cp . "-Djavax.net.ssl.trustStore=$APIGLOT_JAVA_TRUSTSTORE" \
    -Djavax.net.ssl.trustStorePassword=apiglot Sample
}
dispatch
