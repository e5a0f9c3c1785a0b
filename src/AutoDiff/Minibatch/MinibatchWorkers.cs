using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace AutoDiff;

/// <summary>
/// Background threads that help the calling thread through the chunks of one batch at a time. The
/// caller takes chunks too; chunks are handed out by an atomic counter, so any thread may compute any
/// chunk. Threads are started on first need and then reused: steady state allocates nothing.
/// </summary>
internal static class MinibatchWorkers
{
    // Semaphores, not ManualResetEventSlim: its first real wait allocates a lock object, which would show up
    // as a stray allocation long after warm-up.
    private static readonly SemaphoreSlim s_wake = new(0);
    private static readonly SemaphoreSlim s_helpersDone = new(0);

    private static int s_busy;
    private static int s_threadCount;
    private static ChunkJob? s_job;
    private static int s_chunkCount;
    private static int s_nextChunk;
    private static int s_helpersRunning;
    private static ExceptionDispatchInfo? s_firstError;

    /// <summary>Takes the workers for one batch; false if another batch (concurrent or nested) has them.</summary>
    public static bool TryAcquire() => Interlocked.CompareExchange(ref s_busy, 1, 0) == 0;

    /// <summary>Gives the workers back after <see cref="TryAcquire"/> returned true.</summary>
    public static void Release() => Volatile.Write(ref s_busy, 0);

    /// <summary>
    /// Runs chunks 0 .. <paramref name="chunkCount"/> - 1 of <paramref name="job"/> on the calling thread and
    /// <paramref name="helperCount"/> helpers, returns when every helper is done, then rethrows the first
    /// exception a chunk threw, if any.
    /// </summary>
    public static void Run(ChunkJob job, int chunkCount, int helperCount)
    {
        StartThreads(helperCount);

        s_job = job;
        s_chunkCount = chunkCount;
        s_nextChunk = -1;
        s_firstError = null;
        s_helpersRunning = helperCount;
        s_wake.Release(helperCount);

        RunChunks();
        // Helpers read the caller's pinned memory: wait for all of them, even after an exception.
        if (helperCount > 0) s_helpersDone.Wait();

        s_job = null;
        ExceptionDispatchInfo? error = s_firstError;
        s_firstError = null;
        error?.Throw();
    }

    private static void StartThreads(int count)
    {
        for (; s_threadCount < count; s_threadCount++)
        {
            new Thread(HelperLoop) { IsBackground = true, Name = "AutoDiff minibatch worker" }.Start();
        }
    }

    private static void HelperLoop()
    {
        while (true)
        {
            s_wake.Wait();
            RunChunks();
            if (Interlocked.Decrement(ref s_helpersRunning) == 0) s_helpersDone.Release();
        }
    }

    private static void RunChunks()
    {
        ChunkJob job = s_job!;
        int chunkCount = s_chunkCount;
        int chunk;
        while ((chunk = Interlocked.Increment(ref s_nextChunk)) < chunkCount)
        {
            try
            {
                job.Run(chunk);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref s_firstError, ExceptionDispatchInfo.Capture(exception), null);
                Interlocked.Exchange(ref s_nextChunk, chunkCount); // hand out no more chunks
            }
        }
    }
}
