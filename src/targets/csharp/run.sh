# Runner of the csharp target: NuGet is out of reach, so the sample compiles with mono's mcs
# against a stand-in for RestSharp (runner/RestSharp.cs, compiled once per test process),
# inside a `Main` with the usings a .NET 6+ project has by itself. mono trusts the store
# cert-sync made in APIGLOT_MONO_CONFIG.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command mcs "apt-get install mono-mcs"
  need_command mono "apt-get install mono-runtime"
  need_command cert-sync "apt-get install ca-certificates-mono"
}
standin() {
  mcs -nologo -target:library "-out:$APIGLOT_SCRATCH/RestSharp.dll" "$APIGLOT_TARGET_DIR/runner/RestSharp.cs"
}
compile() {
  once restsharp standin
  {
    printf 'using System;\nusing System.IO;\nusing RestSharp;\n\n'
    printf 'public static class Program {\n  public static void Main() {\n'
    cat sample.cs
    printf '\n  }\n}\n'
  } >Program.cs
  mcs -nologo -out:sample.exe "-r:$APIGLOT_SCRATCH/RestSharp.dll" Program.cs
  cp "$APIGLOT_SCRATCH/RestSharp.dll" .
}
send() { XDG_CONFIG_HOME="$APIGLOT_MONO_CONFIG" exec mono sample.exe; }
dispatch
