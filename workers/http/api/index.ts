import { Hono } from "hono";
import type { AppEnv } from "../types";
import { health } from "./health";

export const api = new Hono<AppEnv>().route("/health", health);
