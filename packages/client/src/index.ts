// Public surface of @studio/client: the gateway client, its errors and the SSE machinery.
export {
  type CellRef,
  createStudioClient,
  type ListProspectsQuery,
  type StudioClient,
  type StudioClientOptions,
  type WithRequestId,
} from "./client";
export {
  isNetworkError,
  isStudioApiError,
  NetworkError,
  type ProblemFieldError,
  StudioApiError,
} from "./errors";
export {
  type EventStreamHandle,
  type EventStreamOptions,
  type EventStreamTransport,
  openEventStreamWith,
  type StreamState,
  type StreamStatus,
  type StudioEvent,
} from "./event-stream";
export { createSseParser, type SseMessage, type SseParser } from "./sse-parser";
