'use strict';

exports.handler = async (event) => {
  if (event.httpMethod === 'OPTIONS') {
    return { statusCode: 204, headers: { 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'Content-Type' } };
  }
  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' }, body: '{}' };
};
