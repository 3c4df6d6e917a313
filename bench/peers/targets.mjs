// The nearest target/client of each npm peer for apiglot's ten targets, in apiglot's order:
// curl, C#, Go, Java, Node, Objective-C, PHP, Python, Ruby, Swift.
export const targets = {
  httpsnippet: [['shell', 'curl'], ['csharp', 'restsharp'], ['go', 'native'], ['java', 'unirest'], ['node', 'axios'],
    ['objc', 'nsurlsession'], ['php', 'curl'], ['python', 'python3'], ['ruby', 'native'], ['swift', 'nsurlsession']],
  // @readme/httpsnippet has no python3 (http.client) client and names Swift's urlsession.
  readme: [['shell', 'curl'], ['csharp', 'restsharp'], ['go', 'native'], ['java', 'unirest'], ['node', 'axios'],
    ['objc', 'nsurlsession'], ['php', 'curl'], ['python', 'requests'], ['ruby', 'native'], ['swift', 'urlsession']],
  snippetz: [['shell', 'curl'], ['csharp', 'restsharp'], ['go', 'native'], ['java', 'unirest'], ['node', 'axios'],
    ['objc', 'nsurlsession'], ['php', 'curl'], ['python', 'python3'], ['ruby', 'native'], ['swift', 'nsurlsession']],
};

// The `requests` list of requests-1000.json, a HAR log's requests, or a list of requests.
export function requestsOf(doc) {
  if (Array.isArray(doc)) return doc;
  if (doc.log) return doc.log.entries.map((e) => e.request);
  return doc.requests;
}
