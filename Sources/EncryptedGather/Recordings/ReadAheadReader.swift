import Dispatch
import Foundation
import Synchronization

/// Reads an input with `read(2)` on a thread of its own, up to two chunks ahead of the cipher.
///
/// Profiling showed the user-space decryption running at `openssl speed`'s rate, with the kernel's
/// copy out of the page cache adding a third on top. Reading ahead on the second core overlaps
/// that copy with decryption. Memory stays fixed: three chunk buffers, reused.
final class ReadAheadReader: @unchecked Sendable {
    // @unchecked: the reading thread and the consumer hand each slot, `results` entry and
    // `failure` to each other only through the semaphores, which order those accesses;
    // cancellation is an atomic.

    /// Room kept before every chunk for bytes the consumer carries over from the previous one.
    /// A whole page, so that every read lands page-aligned, where the kernel copies fastest.
    static let carryCapacity = 4096

    private static let slotCount = 3

    private let input: InputSource
    private let chunkSize: Int
    private let memory: UnsafeMutableRawBufferPointer
    private let results: UnsafeMutablePointer<Int>
    private var failure: (any Error)?
    private let filledSlots = DispatchSemaphore(value: 0)
    private let freeSlots = DispatchSemaphore(value: 0)
    private let isCancelled = Atomic<Bool>(false)
    // Used by the consumer only.
    private var consumerSlot = 0
    private var holdsSlot = false
    private var reachedEnd = false

    private var slotByteCount: Int { Self.carryCapacity + chunkSize }

    private init(input: InputSource, chunkSize: Int) {
        self.input = input
        self.chunkSize = chunkSize
        memory = .allocate(byteCount: Self.slotCount * (Self.carryCapacity + chunkSize), alignment: Self.carryCapacity)
        memory.bindMemory(to: UInt8.self)
        results = .allocate(capacity: Self.slotCount)
        results.initialize(repeating: 0, count: Self.slotCount)
        // Signalled up rather than created at 3: libdispatch traps when a semaphore is freed
        // below the value it was created with, as this one is if the consumer stops early.
        for _ in 0..<Self.slotCount { freeSlots.signal() }
    }

    deinit {
        memory.deallocate()
        results.deallocate()
    }

    /// Starts reading `input` in chunks of `chunkSize` bytes.
    static func start(_ input: InputSource, chunkSize: Int) -> ReadAheadReader {
        let reader = ReadAheadReader(input: input, chunkSize: chunkSize)
        Thread { reader.readUntilEnd() }.start()
        return reader
    }

    /// The next chunk; empty at the end of the input. It stays valid until the next call, and
    /// has ``carryCapacity`` writable bytes in front of it.
    func nextChunk() throws -> UnsafeMutableBufferPointer<UInt8> {
        guard !reachedEnd else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        if holdsSlot { freeSlots.signal() }
        filledSlots.wait()
        let slot = consumerSlot
        consumerSlot = (consumerSlot + 1) % Self.slotCount
        holdsSlot = true
        let count = results[slot]
        reachedEnd = count <= 0
        // The reading thread sets `failure` before it publishes a negative count.
        if count < 0, let failure { throw failure }
        return UnsafeMutableBufferPointer(start: readStart(slot), count: max(count, 0))
    }

    /// Stops the reading thread at its next chunk; call when done, whether or not the input ended.
    func cancel() {
        isCancelled.store(true, ordering: .releasing)
        freeSlots.signal()
    }

    private func readStart(_ slot: Int) -> UnsafeMutablePointer<UInt8> {
        (memory.baseAddress! + slot * slotByteCount + Self.carryCapacity).assumingMemoryBound(to: UInt8.self)
    }

    private func readUntilEnd() {
        var slot = 0
        while true {
            freeSlots.wait()
            if isCancelled.load(ordering: .acquiring) { return }
            let count: Int
            do {
                count = try input.read(into: UnsafeMutableRawBufferPointer(start: readStart(slot), count: chunkSize))
            } catch {
                failure = error
                count = -1
            }
            results[slot] = count
            filledSlots.signal()
            if count <= 0 { return }
            slot = (slot + 1) % Self.slotCount
        }
    }
}
