import B44SSO
import Glibc

// Conversions between C values and the Swift core. No behaviour of the library lives here.

public typealias CErrorOut = UnsafeMutablePointer<OpaquePointer?>?
public typealias CStringOut = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

/// Runs `body` and turns its outcome into a status code, storing an error object in `err`
/// (when given) on failure. Every exported function that can fail goes through here.
func runReportingErrors(_ err: CErrorOut, _ body: () throws(Base44Error) -> Void) -> Int32 {
    err?.pointee = nil
    do {
        try body()
        return 0
    } catch {
        err?.pointee = ErrorBox.make(error)
        return error.kind.rawValue
    }
}

/// A C string argument as Swift text; NULL or invalid UTF-8 is an invalid argument named `name`.
func text(_ pointer: UnsafePointer<CChar>?, name: String) throws(Base44Error) -> String {
    guard let pointer else { throw Base44Error(.invalidArgument, "\(name) is NULL") }
    let bytes = UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self)
    return try ForeignText.decode(UnsafeBufferPointer(start: bytes, count: strlen(pointer)), name: name)
}

/// A required out-pointer.
func outPointer<T>(_ pointer: UnsafeMutablePointer<T>?, name: String) throws(Base44Error) -> UnsafeMutablePointer<T> {
    guard let pointer else { throw Base44Error(.invalidArgument, "\(name) is NULL") }
    return pointer
}

/// A malloc'd copy of `string`, for the caller to free with b44_string_free.
/// Copies the bytes straight from the string's storage (handing a String to strdup would
/// first build a temporary C string of it), up to a NUL as strdup would, so that
/// b44_string_free's zeroing reaches every byte copied.
func mallocCopy(_ string: String) throws(Base44Error) -> UnsafeMutablePointer<CChar> {
    var string = string
    let copy = string.withUTF8 { bytes -> UnsafeMutablePointer<CChar>? in
        let count = bytes.baseAddress.map { strnlen(UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self), bytes.count) } ?? 0
        guard let copy = malloc(count + 1)?.assumingMemoryBound(to: CChar.self) else { return nil }
        if let base = bytes.baseAddress { memcpy(copy, base, count) }
        copy[count] = 0
        return copy
    }
    guard let copy else { throw Base44Error(.noMemory, "out of memory copying a result") }
    return copy
}

/// A static C string borrowed from Swift static storage; never freed.
func borrowed(_ string: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(string.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// Objects handed to C as opaque pointers hold one retain until their free function.
func retainedPointer(_ object: AnyObject) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(object).toOpaque())
}

func borrow<T: AnyObject>(_ pointer: OpaquePointer?, as type: T.Type) -> T? {
    pointer.map { Unmanaged<T>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
}

func release<T: AnyObject>(_ pointer: OpaquePointer?, as type: T.Type) {
    pointer.map { Unmanaged<T>.fromOpaque(UnsafeRawPointer($0)).release() }
}
