// A stand-in for RestSharp, which is on NuGet, out of this machine's reach. It declares the
// part of RestSharp's API (v107 and later) that apiglot's C# samples use, with the same
// names and types, so a sample compiles as written; Execute sends the request with .NET's
// HttpWebRequest, so the values the sample wrote reach the server byte for byte. It does
// not reproduce what RestSharp itself adds or changes (default headers, serialization).
using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;

namespace RestSharp
{
    public enum Method { Get, Post, Put, Delete, Head, Options, Patch, Merge, Copy, Search }

    public class RestRequest
    {
        internal readonly string Resource;
        internal readonly Method Method;
        internal readonly List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
        internal string Body;
        internal string BodyContentType;

        public RestRequest(string resource, Method method)
        {
            Resource = resource;
            Method = method;
        }

        public RestRequest AddHeader(string name, string value)
        {
            Headers.Add(new KeyValuePair<string, string>(name, value));
            return this;
        }

        public RestRequest AddStringBody(string body, string contentType)
        {
            Body = body;
            BodyContentType = contentType;
            return this;
        }
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

        public RestClient(string baseUrl)
        {
            this.baseUrl = baseUrl;
        }

        public RestResponse Execute(RestRequest request)
        {
            var url = request.Resource.Length == 0 ? baseUrl : baseUrl.TrimEnd('/') + "/" + request.Resource.TrimStart('/');
            var web = (HttpWebRequest)WebRequest.Create(url);
            web.Method = request.Method.ToString().ToUpperInvariant();
            foreach (var header in request.Headers)
            {
                switch (header.Key.ToLowerInvariant())
                {
                    case "content-type": web.ContentType = header.Value; break;
                    case "accept": web.Accept = header.Value; break;
                    case "user-agent": web.UserAgent = header.Value; break;
                    case "referer": web.Referer = header.Value; break;
                    default: web.Headers.Add(header.Key, header.Value); break;
                }
            }
            if (request.Body != null)
            {
                web.ContentType = request.BodyContentType;
                var bytes = Encoding.UTF8.GetBytes(request.Body);
                web.ContentLength = bytes.Length;
                using (var stream = web.GetRequestStream())
                {
                    stream.Write(bytes, 0, bytes.Length);
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
}
