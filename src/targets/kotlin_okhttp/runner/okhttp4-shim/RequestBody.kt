// Part of apiglot's kotlin-okhttp runner (../../run.sh), not of any sample: OkHttp 4's
// `okhttp3.RequestBody.Companion` extensions over Debian's OkHttp 3.13, each OkHttp 3's
// `RequestBody.create` it replaced (a String with a type without a charset gets
// `; charset=utf-8` in both).
@file:JvmName("RequestBodyShim")

package okhttp3.RequestBody.Companion

import java.io.File
import okhttp3.MediaType
import okhttp3.RequestBody

/** OkHttp 4's `String.toRequestBody(contentType)`. */
fun String.toRequestBody(contentType: MediaType? = null): RequestBody = RequestBody.create(contentType, this)

/** OkHttp 4's `ByteArray.toRequestBody(contentType, offset, byteCount)`. */
fun ByteArray.toRequestBody(contentType: MediaType? = null, offset: Int = 0, byteCount: Int = size): RequestBody =
    RequestBody.create(contentType, this, offset, byteCount)

/** OkHttp 4's `File.asRequestBody(contentType)`. */
fun File.asRequestBody(contentType: MediaType? = null): RequestBody = RequestBody.create(contentType, this)
