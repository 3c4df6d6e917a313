# Runner of the java-okhttp target on Debian's OkHttp 3.13 (libokhttp-java, libokio-java):
# the sample's statements in the smallest class a user writes around them, with the imports
# they use; compiled apart with every lint on, so that a warning fails the run. Java trusts
# the store the javax.net.ssl properties name.
source "$(dirname "$0")/../runner.sh"
classpath=".:/usr/share/java/okhttp.jar:/usr/share/java/okio.jar"
needs() {
  need_command java "apt-get install openjdk-17-jdk-headless"
  need_command javac "apt-get install openjdk-17-jdk-headless"
  need_file /usr/share/java/okhttp.jar "apt-get install libokhttp-java"
  need_file /usr/share/java/okio.jar "apt-get install libokio-java"
}
compile() {
  {
    for class in java.io.File java.nio.charset.StandardCharsets okhttp3.Credentials okhttp3.FormBody \
      okhttp3.MediaType okhttp3.MultipartBody okhttp3.OkHttpClient okhttp3.Request okhttp3.RequestBody \
      okhttp3.Response; do
      printf 'import %s;\n' "$class"
    done
    printf '\npublic class Sample {\n  public static void main(String[] args) throws Exception {\n'
    cat sample.java
    printf '\n  }\n}\n'
  } >Sample.java
  javac -Xlint:all -Werror -cp "$classpath" -d . Sample.java
}
send() {
  exec java -cp "$classpath" "-Djavax.net.ssl.trustStore=$APIGLOT_JAVA_TRUSTSTORE" \
    -Djavax.net.ssl.trustStorePassword=apiglot Sample
}
dispatch
