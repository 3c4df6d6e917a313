// A stand-in for NSURLSession, which Debian's GNUstep Foundation leaves out (it is built
// without blocks and libdispatch). Everything else an Objective-C sample uses is GNUstep's
// own Foundation; this stand-in hands the sample's NSURLRequest to GNUstep's NSURLConnection,
// which sends it, and calls the completion handler with the real response. Unlike Apple's
// NSURLSession it runs the request synchronously inside -resume, so a command-line program
// needs no run loop to see the answer.
#import <Foundation/Foundation.h>

// With gcc's runtime headers YES and NO are casts, which clang's @YES and @NO literals do
// not accept; Apple's headers define them as clang's boolean literals.
#undef YES
#undef NO
#define YES __objc_yes
#define NO __objc_no

@interface NSURLSessionDataTask : NSObject {
  // Declared here: gcc's Objective-C runtime has no instance variables in @implementation.
  NSURLRequest *_request;
  void (^_handler)(NSData *, NSURLResponse *, NSError *);
}
- (void)resume;
@end

@interface NSURLSession : NSObject
+ (NSURLSession *)sharedSession;
- (NSURLSessionDataTask *)dataTaskWithRequest:(NSURLRequest *)request
                            completionHandler:(void (^)(NSData *data, NSURLResponse *response, NSError *error))handler;
@end
