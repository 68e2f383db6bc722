import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { ACCESS_KEY, type Access } from '@app/identity';
import { API_PREFIX, UNPREFIXED } from '../../apps/api/src/create-app';

export interface RouteInfo {
  method: string;
  path: string;
  handler: string;
  access?: Access;
}

const join = (...parts: (string | undefined)[]) =>
  '/' + parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/');

/** Every route the application serves, with the access rule it declares (read the way the guard reads it). */
export function routeTable(app: INestApplication): RouteInfo[] {
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const controller = wrapper.metatype as (((...args: never[]) => unknown) & { prototype: object; name: string }) | undefined;
    if (!controller?.prototype) continue;
    const base = [Reflect.getMetadata(PATH_METADATA, controller)].flat()[0] as string | undefined;
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (methodPath === undefined || method === undefined) continue;
      const local = join(base, [methodPath].flat()[0]);
      const unprefixed = UNPREFIXED.some((u) => join(u.path) === local);
      routes.push({
        method: RequestMethod[method],
        path: unprefixed ? local : join(API_PREFIX, local),
        handler: `${controller.name}.${name}`,
        access: reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [handler as () => unknown, controller]),
      });
    }
  }
  return routes;
}
