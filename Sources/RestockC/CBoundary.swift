// The C boundary: status codes, error messages into caller-owned buffers, and opaque handles.
//
// No Swift error or trap may cross into C: every exported function catches what it calls and returns a
// status, and checks its handle and buffers before it touches them (docs/c-interface.md has the ABI).

import Foundation

/// Status codes of every exported function.
enum CStatus {
    /// Success.
    static let ok: Int32 = 0
    /// A bug in Restock (the message says so).
    static let internalError: Int32 = 1
    /// Bad input: a configuration, a scenario file, an action, a buffer or a handle (the message says what and where).
    static let inputError: Int32 = 2
    /// A Python (or other) policy callback reported a failure; the run was abandoned.
    static let callbackError: Int32 = 3
}

/// An error to report through the C boundary with its status.
struct CFailure: Error {
    var status: Int32
    var message: String

    static func input(_ message: String) -> CFailure { CFailure(status: CStatus.inputError, message: message) }
}

/// Copies `message` into `buffer` (NUL-terminated, cut to `capacity − 1` bytes on a UTF-8 boundary).
func writeMessage(_ message: String, into buffer: UnsafeMutablePointer<CChar>?, capacity: Int) {
    guard let buffer, capacity > 0 else { return }
    var bytes = Array(message.utf8)
    if bytes.count > capacity - 1 {
        var end = capacity - 1
        // Do not cut a multi-byte character in half.
        while end > 0 && (bytes[end] & 0xC0) == 0x80 { end -= 1 }
        bytes = Array(bytes[..<end])
    }
    bytes.withUnsafeBufferPointer { source in
        buffer.withMemoryRebound(to: UInt8.self, capacity: capacity) { target in
            if let base = source.baseAddress { target.update(from: base, count: source.count) }
            target[source.count] = 0
        }
    }
}

/// Runs `body`, turning every thrown error into a status and a message in the caller's buffer.
func guarded(_ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        writeMessage("", into: buffer, capacity: capacity)
        return CStatus.ok
    } catch let failure as CFailure {
        writeMessage(failure.message, into: buffer, capacity: capacity)
        return failure.status
    } catch {
        writeMessage("\(error)", into: buffer, capacity: capacity)
        return CStatus.inputError
    }
}

/// A C string argument, required.
func requiredString(_ pointer: UnsafePointer<CChar>?, _ name: String) throws -> String {
    guard let pointer else { throw CFailure.input("\(name) is NULL; a NUL-terminated UTF-8 string is required.") }
    guard let text = String(validatingCString: pointer) else { throw CFailure.input("\(name) is not valid UTF-8.") }
    return text
}

/// A C string argument that may be NULL or empty (both mean absent).
func optionalString(_ pointer: UnsafePointer<CChar>?, _ name: String) throws -> String? {
    guard let pointer else { return nil }
    guard let text = String(validatingCString: pointer) else { throw CFailure.input("\(name) is not valid UTF-8.") }
    return text.isEmpty ? nil : text
}

/// A caller buffer that must be present.
func requiredBuffer<T>(_ pointer: UnsafeMutablePointer<T>?, _ name: String) throws -> UnsafeMutablePointer<T> {
    guard let pointer else { throw CFailure.input("\(name) is NULL; the caller must pass a buffer of the documented size.") }
    return pointer
}

/// Objects behind opaque handles. A handle is valid from its creation to its `destroy`; a closed or
/// foreign handle gets an input error, never a crash. Each object has its own lock, so two threads
/// calling on one handle take turns.
final class HandleTable: @unchecked Sendable {
    static let shared = HandleTable()

    private let lock = NSLock()
    private var objects: [UInt: AnyObject] = [:]

    /// Registers `object` and returns its handle.
    func insert(_ object: AnyObject) -> UnsafeMutableRawPointer {
        let pointer = Unmanaged.passUnretained(object).toOpaque()
        lock.lock()
        objects[UInt(bitPattern: pointer)] = object
        lock.unlock()
        return pointer
    }

    /// The object of `handle`, if it is a live handle of type `T`.
    func object<T: AnyObject>(_ handle: UnsafeMutableRawPointer?, as type: T.Type, kind: String) throws -> T {
        guard let handle else { throw CFailure.input("the \(kind) handle is NULL.") }
        lock.lock()
        let found = objects[UInt(bitPattern: handle)]
        lock.unlock()
        guard let object = found as? T else {
            throw CFailure.input("the \(kind) handle is closed or is not a \(kind) handle (use after close?).")
        }
        return object
    }

    /// Forgets `handle`; false when it was not live.
    func remove(_ handle: UnsafeMutableRawPointer?) -> Bool {
        guard let handle else { return false }
        lock.lock()
        defer { lock.unlock() }
        return objects.removeValue(forKey: UInt(bitPattern: handle)) != nil
    }
}

/// A handle's object with its own lock.
class LockedHandle: @unchecked Sendable {
    private let lock = NSLock()

    func locked<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// The version of the C interface (bumped when a signature changes).
let cInterfaceVersion: Int32 = 1

/// The C interface's version number (`RESTOCK_C_API_VERSION` in restock.h).
@_cdecl("restock_api_version")
public func restock_api_version() -> Int32 { cInterfaceVersion }

/// Releases any handle (environment, solution); returns 2 for a handle that is not live.
@_cdecl("restock_destroy")
public func restock_destroy(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    HandleTable.shared.remove(handle) ? CStatus.ok : CStatus.inputError
}
