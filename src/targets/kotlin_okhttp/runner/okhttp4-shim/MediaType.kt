// Part of apiglot's kotlin-okhttp runner (../../run.sh), not of any sample: OkHttp 4's
// `okhttp3.MediaType.Companion.toMediaType` import, over Debian's OkHttp 3.13. A package named
// like the companion makes the sample's unchanged import resolve here; the functions call
// OkHttp 3's own, which OkHttp 4's extensions replaced with the same behaviour.
@file:JvmName("MediaTypeShim")

package okhttp3.MediaType.Companion

import okhttp3.MediaType

/** OkHttp 4's `String.toMediaType()`: OkHttp 3's `MediaType.get`, which throws on a bad type. */
fun String.toMediaType(): MediaType = MediaType.get(this)

/** OkHttp 4's `String.toMediaTypeOrNull()`: OkHttp 3's `MediaType.parse`. */
fun String.toMediaTypeOrNull(): MediaType? = MediaType.parse(this)
