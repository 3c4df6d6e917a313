// Part of apiglot's kotlin-okhttp runner (../../run.sh), not of any sample: OkHttp 4's `Response`
// properties over Debian's OkHttp 3.13, whose Java methods (`body()`, `code()`) Kotlin does
// not read as properties. In the default package, like the sample, so it needs no import.
@file:JvmName("ResponseShim")

import okhttp3.Response
import okhttp3.ResponseBody

/** OkHttp 4's `Response.body` (nullable in 4.x). */
val Response.body: ResponseBody?
    get() = body()

/** OkHttp 4's `Response.code`. */
val Response.code: Int
    get() = code()
