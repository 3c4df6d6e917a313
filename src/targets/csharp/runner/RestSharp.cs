// A stand-in for RestSharp, which is on NuGet, out of this machine's reach. It declares the
// part of RestSharp's API (v110 and later) that apiglot's C# samples use, with the same
// names and types, so a sample compiles as written; Execute sends the request with .NET's
// HttpWebRequest, so the values the sample wrote reach the server byte for byte.
//
// It builds the body as RestSharp 112 does (RequestContent.BuildContent over .NET's
// HttpContent types), so a sample that RestSharp would send otherwise fails here too:
// - form fields (`AddParameter`) of a POST, PUT or PATCH go urlencoded with
//   Uri.EscapeDataString, in the order added; of other methods, into the query string;
// - with a file (`AddFile`) or `AlwaysMultipartFormData`, the body is multipart/form-data
//   with a quoted GUID boundary: every file first, then the fields (RestSharp adds them by
//   kind, whatever order the sample adds them in); a file part carries its quoted name,
//   `filename` (a non-ASCII one MIME-encoded, as .NET's ContentDispositionHeaderValue does)
//   and `filename*` (RFC 5987), a field part `text/plain; charset=utf-8` and its name;
// - `AddStringBody` sends UTF-8 labelled `<type>; charset=utf-8`, and throws where .NET's
//   StringContent does: on a content type with parameters;
// - `AddBody(byte[], type)` sends the bytes labelled with the type;
// - a content header the sample adds (content-type) replaces the body's own;
// - HttpBasicAuthenticator sends `Basic base64(UTF-8 user:password)`.
// It does not reproduce what RestSharp adds besides (default headers such as user-agent).
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using RestSharp.Authenticators;

namespace RestSharp
{
    public enum Method { Get, Post, Put, Delete, Head, Options, Patch, Merge, Copy, Search }

    /// A media type, made from a string as RestSharp's is.
    public class ContentType
    {
        public string Value { get; private set; }

        ContentType(string value)
        {
            if (string.IsNullOrEmpty(value) || !value.Contains("/"))
                throw new ArgumentException("Invalid content type string", "contentType");
            Value = value;
        }

        public static implicit operator ContentType(string value)
        {
            return value == null ? null : new ContentType(value);
        }

        public override string ToString() { return Value; }
    }

    public class RestClientOptions
    {
        public RestClientOptions(string baseUrl) { BaseUrl = new Uri(baseUrl); }
        public Uri BaseUrl { get; set; }
        public IAuthenticator Authenticator { get; set; }
    }

    public class RestRequest
    {
        internal readonly string Resource;
        internal readonly Method Method;
        internal readonly List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
        internal readonly List<KeyValuePair<string, string>> Fields = new List<KeyValuePair<string, string>>();
        internal readonly List<FilePart> Files = new List<FilePart>();
        internal byte[] Body;
        internal string BodyContentType;

        public RestRequest(string resource, Method method)
        {
            Resource = resource;
            Method = method;
        }

        /// Always send a multipart/form-data request, even with no file.
        public bool AlwaysMultipartFormData { get; set; }

        public RestRequest AddHeader(string name, string value)
        {
            Headers.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public RestRequest AddParameter(string name, string value, bool encode = true)
        {
            Fields.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public RestRequest AddFile(string name, byte[] bytes, string fileName, ContentType contentType = null)
        {
            Files.Add(new FilePart { Name = name, Bytes = bytes, FileName = fileName, ContentType = contentType == null ? "application/octet-stream" : contentType.Value });
            return this;
        }

        public RestRequest AddStringBody(string body, ContentType contentType)
        {
            if (contentType == null) throw new ArgumentNullException("contentType");
            Body = Encoding.UTF8.GetBytes(body);
            BodyContentType = Http.StringContentType(contentType.Value);
            return this;
        }

        public RestRequest AddBody(object obj, ContentType contentType = null)
        {
            var text = obj as string;
            var bytes = obj as byte[];
            if (contentType != null && text != null) return AddStringBody(text, contentType);
            if (contentType == null || bytes == null)
                throw new NotSupportedException("the RestSharp stand-in sends only a string or bytes with a content type");
            Body = bytes;
            BodyContentType = contentType.Value;
            return this;
        }
    }

    internal class FilePart
    {
        public string Name;
        public byte[] Bytes;
        public string FileName;
        public string ContentType;
    }

    public class RestResponse
    {
        public HttpStatusCode StatusCode { get; internal set; }
        public string Content { get; internal set; }
        public Exception ErrorException { get; internal set; }
    }

    public class RestClient
    {
        private readonly string baseUrl;
        private readonly IAuthenticator authenticator;

        public RestClient(string baseUrl)
        {
            this.baseUrl = baseUrl;
        }

        public RestClient(RestClientOptions options)
        {
            baseUrl = options.BaseUrl.OriginalString;
            authenticator = options.Authenticator;
        }

        public RestResponse Execute(RestRequest request)
        {
            var url = request.Resource.Length == 0 ? baseUrl : baseUrl.TrimEnd('/') + "/" + request.Resource.TrimStart('/');
            var headers = new List<KeyValuePair<string, string>>(request.Headers);
            if (authenticator != null) headers.Add(authenticator.Header());
            var post = request.Method == Method.Post || request.Method == Method.Put || request.Method == Method.Patch;
            if (!post && request.Fields.Count > 0)
            {
                var query = new List<string>();
                foreach (var field in request.Fields) query.Add(Http.Escape(field.Key) + "=" + Http.Escape(field.Value));
                url += (url.Contains("?") ? "&" : "?") + string.Join("&", query);
            }
            byte[] body = null;
            string contentType = null;
            var multipart = request.Files.Count > 0 || request.AlwaysMultipartFormData;
            var boundary = Guid.NewGuid().ToString();
            if (multipart)
            {
                if (request.Body != null)
                    throw new NotSupportedException("the RestSharp stand-in sends no body parameter in a multipart form");
                var parts = new List<KeyValuePair<string, byte[]>>();
                foreach (var file in request.Files)
                {
                    var head = "Content-Type: " + file.ContentType + "\r\nContent-Disposition: form-data; name=" + Http.QuoteMime("\"" + file.Name + "\"")
                        + "; filename=" + Http.QuoteMime("\"" + file.FileName + "\"") + "; filename*=" + Http.Encode5987(file.FileName);
                    parts.Add(new KeyValuePair<string, byte[]>(head, file.Bytes));
                }
                if (post)
                {
                    foreach (var field in request.Fields)
                    {
                        var head = "Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name=" + Http.QuoteMime(field.Key);
                        parts.Add(new KeyValuePair<string, byte[]>(head, Encoding.UTF8.GetBytes(field.Value ?? "")));
                    }
                }
                body = Http.Multipart(boundary, parts);
                contentType = "multipart/form-data; boundary=\"" + boundary + "\"";
            }
            else if (request.Body != null)
            {
                body = request.Body;
                contentType = request.BodyContentType;
            }
            else if (post && request.Fields.Count > 0)
            {
                var pairs = new List<string>();
                foreach (var field in request.Fields) pairs.Add(Http.Escape(field.Key) + "=" + Http.Escape(field.Value ?? ""));
                body = Encoding.UTF8.GetBytes(string.Join("&", pairs));
                contentType = "application/x-www-form-urlencoded; charset=utf-8";
            }

            var web = (HttpWebRequest)WebRequest.Create(url);
            web.Method = request.Method.ToString().ToUpperInvariant();
            foreach (var header in headers)
            {
                switch (header.Key.ToLowerInvariant())
                {
                    // A content header replaces the body's own; RestSharp adds the boundary
                    // only to a "Content-Type" spelt so.
                    case "content-type":
                        contentType = header.Key == "Content-Type" && multipart ? header.Value + "; boundary=\"" + boundary + "\"" : header.Value;
                        if (body == null) body = new byte[0];
                        break;
                    case "accept": web.Accept = header.Value; break;
                    case "user-agent": web.UserAgent = header.Value; break;
                    case "referer": web.Referer = header.Value; break;
                    default: web.Headers.Add(header.Key, header.Value); break;
                }
            }
            if (body != null)
            {
                web.ContentType = contentType;
                web.ContentLength = body.Length;
                using (var stream = web.GetRequestStream())
                {
                    stream.Write(body, 0, body.Length);
                }
            }
            var response = new RestResponse();
            try
            {
                using (var web_response = (HttpWebResponse)web.GetResponse())
                using (var reader = new StreamReader(web_response.GetResponseStream(), Encoding.UTF8))
                {
                    response.StatusCode = web_response.StatusCode;
                    response.Content = reader.ReadToEnd();
                }
            }
            catch (WebException e)
            {
                response.ErrorException = e;
            }
            return response;
        }
    }

    /// What .NET's HttpContent types write, as RestSharp uses them.
    internal static class Http
    {
        /// Uri.EscapeDataString, as RestSharp's UrlEncode applies it.
        public static string Escape(string value)
        {
            return Uri.EscapeDataString(value);
        }

        /// StringContent's Content-Type: the media type must have no parameters.
        public static string StringContentType(string mediaType)
        {
            var slash = mediaType.IndexOf('/');
            if (slash <= 0 || slash == mediaType.Length - 1 || !IsToken(mediaType.Substring(0, slash)) || !IsToken(mediaType.Substring(slash + 1)))
                throw new FormatException("The format of value '" + mediaType + "' is invalid.");
            return mediaType + "; charset=utf-8";
        }

        static bool IsToken(string text)
        {
            foreach (var c in text)
            {
                if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".IndexOf(c) >= 0) return false;
            }
            return text.Length > 0;
        }

        /// ContentDispositionHeaderValue's quoting of a name or file name: kept quoted when
        /// given quoted, quoted when not a token, MIME-encoded (=?utf-8?B?...?=) when not ASCII.
        public static string QuoteMime(string value)
        {
            var quoted = value.Length > 1 && value[0] == '"' && value[value.Length - 1] == '"';
            var inner = quoted ? value.Substring(1, value.Length - 2) : value;
            if (inner.Contains("\"")) throw new ArgumentException("The specified value is not valid in the 'Content-Disposition' header.");
            foreach (var c in inner)
            {
                if (c > 0x7f) return "\"=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(inner)) + "?=\"";
            }
            return quoted || !IsToken(inner) ? "\"" + inner + "\"" : inner;
        }

        /// `utf-8''` and the UTF-8 bytes, percent-encoded but for RFC 5987's attr-chars.
        public static string Encode5987(string value)
        {
            var builder = new StringBuilder("utf-8''");
            foreach (var b in Encoding.UTF8.GetBytes(value))
            {
                var c = (char)b;
                if (b < 0x80 && IsToken(c.ToString()) && c != '*' && c != '\'' && c != '%') builder.Append(c);
                else builder.Append('%').Append(b.ToString("X2"));
            }
            return builder.ToString();
        }

        /// MultipartContent's layout: each part opened by its boundary line, its headers and a
        /// blank line; the closing boundary after the last.
        public static byte[] Multipart(string boundary, List<KeyValuePair<string, byte[]>> parts)
        {
            var stream = new MemoryStream();
            for (var i = 0; i < parts.Count; i++)
            {
                var open = (i == 0 ? "--" : "\r\n--") + boundary + "\r\n" + parts[i].Key + "\r\n\r\n";
                var head = Encoding.UTF8.GetBytes(open);
                stream.Write(head, 0, head.Length);
                stream.Write(parts[i].Value, 0, parts[i].Value.Length);
            }
            var close = Encoding.UTF8.GetBytes((parts.Count == 0 ? "--" : "\r\n--") + boundary + "--\r\n");
            stream.Write(close, 0, close.Length);
            return stream.ToArray();
        }
    }
}

namespace RestSharp.Authenticators
{
    public interface IAuthenticator
    {
        /// The header the authenticator adds to each request.
        KeyValuePair<string, string> Header();
    }

    public class HttpBasicAuthenticator : IAuthenticator
    {
        private readonly string username;
        private readonly string password;

        public HttpBasicAuthenticator(string username, string password)
        {
            this.username = username;
            this.password = password;
        }

        public KeyValuePair<string, string> Header()
        {
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password));
            return new KeyValuePair<string, string>("Authorization", "Basic " + credentials);
        }
    }
}
