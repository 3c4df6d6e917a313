# Runner of the objc target: Debian's GNUstep has no NSURLSession, so the sample compiles with
# clang and GNUstep's Foundation (on gcc's Objective-C runtime, blocks from libBlocksRuntime)
# against a stand-in for it (runner/, compiled once per test process), inside a `main` with an
# autorelease pool. GNUstep reads its TLS settings from its defaults, here from the
# arguments; it checks server certificates only when told to (GSTLSVerifyServer), as Apple's
# always does.
source "$(dirname "$0")/../runner.sh"
flags=(-fobjc-runtime=gcc -fblocks -fconstant-string-class=NSConstantString -fexceptions -fobjc-exceptions
  -DGNUSTEP -DGNUSTEP_BASE_LIBRARY=1 -DGNU_RUNTIME=1 -I/usr/include/GNUstep
  # GNUstep's `nil` is `(id)0`, so `error:nil` warns where Apple's does not.
  -Wno-incompatible-pointer-types
  -I "$APIGLOT_TARGET_DIR/runner/include"
  # gcc's Objective-C runtime headers (objc/objc.h), which clang does not search by itself.
  -isystem "$(gcc -print-file-name=include)")
needs() {
  need_command clang "apt-get install clang"
  need_file "$(gcc -print-file-name=include)/objc/objc.h" "apt-get install gobjc"
  need_file /usr/include/GNUstep/Foundation/Foundation.h "apt-get install libgnustep-base-dev"
  need_file /usr/include/Block.h "apt-get install libblocksruntime-dev"
}
standin() {
  clang "${flags[@]}" -c "$APIGLOT_TARGET_DIR/runner/NSURLSession+StandIn.m" -o "$APIGLOT_SCRATCH/standin.o"
}
compile() {
  once objc-standin standin
  {
    grep '^#import' sample.m || true
    printf '\nint main(void) {\n  @autoreleasepool {\n'
    grep -v '^#import' sample.m || true
    printf '\n  }\n  return 0;\n}\n'
  } >main.m
  clang "${flags[@]}" -include "$APIGLOT_TARGET_DIR/runner/NSURLSession+StandIn.h" main.m \
    "$APIGLOT_SCRATCH/standin.o" -o sample -lgnustep-base -lobjc -lBlocksRuntime
}
send() { exec ./sample -GSTLSCAFile "$APIGLOT_CA" -GSTLSVerifyServer YES; }
dispatch
