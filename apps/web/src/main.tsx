import { render } from 'preact';
import { gatewayApi } from './api/gateway';
import { createHttp } from './api/http';
import { Session } from './session/session';
import { App } from './ui/app';
import './ui/styles.css';

// The client is served by the gateway, so the API is on the same origin.
const api = gatewayApi(createHttp(''));
const session = new Session(api, window.localStorage);

render(<App api={api} session={session} />, document.getElementById('app')!);
