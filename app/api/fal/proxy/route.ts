import { AppError } from "@/lib/errors";
import { handleProxy } from "@/lib/server/proxy";

export const dynamic = "force-dynamic";

export const GET = handleProxy;
export const POST = handleProxy;
export const PUT = handleProxy;

const methodNotAllowed = async (request: Request) =>
  new AppError("method_not_allowed", `${request.method} is not supported by the fal proxy`, {
    headers: { allow: "GET, POST, PUT" },
  }).toResponse();

export const DELETE = methodNotAllowed;
export const PATCH = methodNotAllowed;
