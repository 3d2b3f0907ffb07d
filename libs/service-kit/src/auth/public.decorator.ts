import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'actionhub:is-public';

/** Opts a route or controller out of the global bearer-token guards. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
