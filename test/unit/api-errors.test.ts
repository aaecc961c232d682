// A backend's explanation of an API error keeps the error's class: decisions taken with `instanceof` (adopt, treat
// as gone, retry) see the class the HTTP layer chose, and the status, code and request id stay on the error.

import {
  ApiError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
  explainedError,
  type ApiErrorDetails,
} from "../../provider/http/errors";

const details: ApiErrorDetails = {
  service: "Clerk",
  operation: "create membership of user_1 in org_1",
  status: 409,
  code: "some_code",
  apiMessage: "the API's own words",
  requestId: "req_123",
  paramName: "role",
  retryAfterMs: 2000,
};

const CLASSES = [ApiError, AuthenticationError, PermissionError, NotFoundError, ConflictError, ValidationError, RateLimitError, ServerError];

describe.each(CLASSES.map((ErrorClass) => [ErrorClass.name, ErrorClass] as const))("explainedError of a %s", (name, ErrorClass) => {
  const cause = new ErrorClass(details, "the HTTP layer's advice");
  const explained = explainedError("Clerk refused to add user_1: do this first", cause);

  test("is an instance of that class, and of no sibling class", () => {
    expect(explained).toBeInstanceOf(ErrorClass);
    expect(explained).toBeInstanceOf(ApiError);
    expect(Object.getPrototypeOf(explained)).toBe(ErrorClass.prototype);
    for (const other of CLASSES) if (other !== ErrorClass && other !== ApiError) expect(explained instanceof other).toBe(false);
    expect(explained.name).toBe(name);
  });

  test("keeps the status, code and every other detail", () => {
    expect(explained.details).toEqual(details);
    expect(explained).toMatchObject({ status: 409, code: "some_code", requestId: "req_123", paramName: "role", apiMessage: "the API's own words", retryAfterMs: 2000 });
  });

  test("says the explanation, then the status, code and request id, and keeps the original as its cause", () => {
    expect(explained.message).toBe("Clerk refused to add user_1: do this first [HTTP 409 some_code, request id req_123]");
    expect(explained.cause).toBe(cause);
    expect(cause.message).toContain("the HTTP layer's advice");
  });
});

test("an error built without a cause has no cause property", () => {
  expect("cause" in new NotFoundError(details)).toBe(false);
});
