# Runner of the csharp-httpclient target on mono's own System.Net.Http: the sample is a .NET 6+
# top-level program, so its `using` directives go on top, after the usings such a project
# has by itself, and its statements (which `await`) in an async method; mcs (C# 7) has no
# async Main, so Main waits for it. Warnings are errors. mono trusts the store cert-sync made
# in APIGLOT_MONO_CONFIG.
source "$(dirname "$0")/../runner.sh"
needs() {
  need_command mcs "apt-get install mono-mcs"
  need_command mono "apt-get install mono-runtime"
  need_command cert-sync "apt-get install ca-certificates-mono"
  need_file /usr/lib/mono/4.5/System.Net.Http.dll "apt-get install libmono-system-net-http4.0-cil"
}
compile() {
  {
    for ns in System System.Collections.Generic System.IO System.Linq System.Net.Http System.Threading \
      System.Threading.Tasks; do
      printf 'using %s;\n' "$ns"
    done
    grep -E '^using System.*;$' sample.cs || true
    printf '\npublic static class Program {\n  public static void Main() {\n    Run().GetAwaiter().GetResult();\n  }\n\n'
    printf '  static async Task Run() {\n'
    grep -vE '^using System.*;$' sample.cs || true
    printf '\n  }\n}\n'
  } >Program.cs
  mcs -nologo -warnaserror -r:System.Net.Http -out:sample.exe Program.cs
}
send() { XDG_CONFIG_HOME="$APIGLOT_MONO_CONFIG" exec mono sample.exe; }
dispatch
