// The stand-in's implementation; see NSURLSession+StandIn.h.
#import "NSURLSession+StandIn.h"

@implementation NSURLSessionDataTask

- (instancetype)initWithRequest:(NSURLRequest *)request
              completionHandler:(void (^)(NSData *, NSURLResponse *, NSError *))handler {
  if ((self = [super init])) {
    _request = [request copy];
    _handler = Block_copy(handler);  // with gcc's runtime a block is not an object: no -copy
  }
  return self;
}

- (void)resume {
  // Apple's NSURLRequest matches header names without regard to case; GNUstep looks for
  // "Content-Type" as spelled and would add a second, form-urlencoded one. Give it its spelling.
  NSMutableURLRequest *request = [NSMutableURLRequest requestWithURL:[_request URL]
                                                         cachePolicy:[_request cachePolicy]
                                                     timeoutInterval:[_request timeoutInterval]];
  [request setHTTPMethod:[_request HTTPMethod]];
  [request setHTTPBody:[_request HTTPBody]];
  NSDictionary *fields = [_request allHTTPHeaderFields];
  for (NSString *name in fields) {
    BOOL content_type = [name caseInsensitiveCompare:@"Content-Type"] == NSOrderedSame;
    [request setValue:[fields objectForKey:name] forHTTPHeaderField:(content_type ? @"Content-Type" : name)];
  }
  NSURLResponse *response = nil;
  NSError *error = nil;
  NSData *data = [NSURLConnection sendSynchronousRequest:request returningResponse:&response error:&error];
  _handler(data, response, error);
}
@end

@implementation NSURLSession
+ (NSURLSession *)sharedSession {
  static NSURLSession *shared = nil;
  if (shared == nil) {
    shared = [NSURLSession new];
  }
  return shared;
}

- (NSURLSessionDataTask *)dataTaskWithRequest:(NSURLRequest *)request
                            completionHandler:(void (^)(NSData *, NSURLResponse *, NSError *))handler {
  return [[NSURLSessionDataTask alloc] initWithRequest:request completionHandler:handler];
}
@end
